package io.consentmetrics.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Trailing slashes, and how --input and --output may lie (SPEC rule 8). */
class LocationsTest {

  @Test
  void trailingSlashesGoButASlashOnlyLocationStays() {
    assertEquals("s3a://b/data", Locations.withoutTrailingSlashes("s3a://b/data//"));
    assertEquals("/tmp/x", Locations.withoutTrailingSlashes("/tmp/x/"));
    assertEquals("/tmp/x", Locations.withoutTrailingSlashes("/tmp/x"));
    assertEquals("/", Locations.withoutTrailingSlashes("/"));
  }

  @Test
  void theSameFolderWithOrWithoutASlashOverlaps() {
    assertEquals(Optional.of("--output is the same folder as --input: file:/d/events/"),
        Locations.overlap("file:/d/events", "file:/d/events/"));
  }

  @Test
  void anOutputInsideTheInputOrAroundItOverlaps() {
    assertEquals(Optional.of("--output lies inside --input: file:/d/events/out is under file:/d/events"),
        Locations.overlap("file:/d/events", "file:/d/events/out"));
    assertEquals(Optional.of("--output contains --input: file:/d/events is under file:/d"),
        Locations.overlap("file:/d/events", "file:/d"));
  }

  @Test
  void aSiblingWhoseNameStartsLikeTheInputDoesNot() {
    assertEquals(Optional.empty(), Locations.overlap("file:/d/events", "file:/d/events-metrics"));
    assertEquals(Optional.empty(), Locations.overlap("s3a://b/data/events", "s3a://b/data/metrics"));
  }
}
