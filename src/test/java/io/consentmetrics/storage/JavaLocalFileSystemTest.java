package io.consentmetrics.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local file system the job writes with: Hadoop's, with permissions set through Java. */
class JavaLocalFileSystemTest {
  @TempDir java.nio.file.Path tmp;

  private FileSystem fileSystem() throws IOException {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", JavaLocalFileSystem.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    return FileSystem.get(URI.create("file:///"), conf);
  }

  @Test
  void filesAndFoldersGetTheRequestedPermissions() throws IOException {
    FileSystem fs = fileSystem();
    Path folder = new Path(tmp.toUri().toString(), "a/b");
    fs.mkdirs(folder, new FsPermission((short) 0750));
    Path file = new Path(folder, "f.txt");
    try (FSDataOutputStream out = fs.create(file, new FsPermission((short) 0640), true, 4096, (short) 1, 1 << 20, null)) {
      out.write("x".getBytes(StandardCharsets.UTF_8));
    }
    fs.setPermission(file, new FsPermission((short) 0604));

    assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("a/b"))));
    assertEquals("rw----r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("a/b/f.txt"))));
  }

  @Test
  void itIsStillHadoopsChecksummingLocalFileSystem() throws IOException {
    FileSystem fs = fileSystem();
    Path file = new Path(tmp.toUri().toString(), "f.txt");
    try (FSDataOutputStream out = fs.create(file)) {
      out.write("abc".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals(JavaLocalFileSystem.class, fs.getClass());
    assertEquals(true, Files.exists(tmp.resolve(".f.txt.crc")));
    assertEquals(3, fs.getFileStatus(file).getLen());
  }
}
