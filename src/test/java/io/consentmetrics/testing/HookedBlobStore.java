package io.consentmetrics.testing;

import java.util.function.Supplier;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;

/** A store that lets a test see (and fail) reads and writes before they are served. */
final class HookedBlobStore extends ForwardingBlobStore {
  private final Supplier<S3ProxyServer.RequestHook> hook;

  HookedBlobStore(BlobStore delegate, Supplier<S3ProxyServer.RequestHook> hook) {
    super(delegate);
    this.hook = hook;
  }

  @Override
  public Blob getBlob(String container, String name) {
    hook.get().beforeRequest("get", name);
    return super.getBlob(container, name);
  }

  @Override
  public Blob getBlob(String container, String name, GetOptions options) {
    hook.get().beforeRequest("get", name);
    return super.getBlob(container, name, options);
  }

  @Override
  public String putBlob(String container, Blob blob) {
    hook.get().beforeRequest("put", blob.getMetadata().getName());
    return super.putBlob(container, blob);
  }

  @Override
  public String putBlob(String container, Blob blob, PutOptions options) {
    hook.get().beforeRequest("put", blob.getMetadata().getName());
    return super.putBlob(container, blob, options);
  }

  @Override
  public MultipartUpload initiateMultipartUpload(String container, BlobMetadata metadata, PutOptions options) {
    hook.get().beforeRequest("multipart", metadata.getName());
    return super.initiateMultipartUpload(container, metadata, options);
  }
}
