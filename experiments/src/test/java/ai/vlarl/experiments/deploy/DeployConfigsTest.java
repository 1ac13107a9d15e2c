package ai.vlarl.experiments.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.drivers.ur.UrRtdeConfig;
import ai.vlarl.experiments.Assembly;
import ai.vlarl.framework.config.ConfigException;
import ai.vlarl.framework.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The example deploy configs bind, and bad keys are caught against the right record. */
class DeployConfigsTest {
  private static final Path CONFIGS =
      Path.of(System.getProperty("vlarl.home", "..")).resolve("robot-drivers/configs");

  @Test
  void everyExampleConfigBinds() throws Exception {
    DeployRunner d = new Assembly().deployer();
    List<Path> files;
    try (Stream<Path> s = Files.list(CONFIGS)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertEquals(3, files.size());
    for (Path f : files) {
      DeployConfig c = d.bind(ConfigLoader.load(f, List.of()));
      assertTrue(List.of("sim", "ur-rtde", "remote").contains(c.driver().kind()), f.toString());
    }
    DeployConfig ur = d.bind(ConfigLoader.load(CONFIGS.resolve("deploy-ur.yaml"), List.of()));
    assertEquals(500.0, ur.driver().as(UrRtdeConfig.class).output_hz());
    assertEquals(0.10, ur.safety().max_linear_speed());
  }

  @Test
  void aMisspelledDriverKeyIsNamedWithItsSection() {
    DeployRunner d = new Assembly().deployer();
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> d.bind(ConfigLoader.load(null, List.of("driver.kind=ur-rtde", "driver.hots=10.0.0.2"))));
    assertTrue(e.getMessage().contains("unknown config key 'driver.hots' (did you mean 'driver.host'?)"), e.getMessage());
  }

  @Test
  void aBadEndpointIsNamedWithItsSectionAndValue() {
    DeployRunner d = new Assembly().deployer();
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> d.bind(ConfigLoader.load(null, List.of("driver.kind=remote", "driver.endpoint=tcp://127.0.0.1:99999"))));
    assertTrue(e.getMessage().startsWith("config 'driver': endpoint: 'tcp://127.0.0.1:99999' is not a valid endpoint:"
        + " port 99999 is not in 1..65535"), e.getMessage());
    ConfigException cam = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> d.bind(ConfigLoader.load(null, List.of("camera.kind=zmq", "camera.endpoint=tcp://127.0.0.1"))));
    assertTrue(cam.getMessage().startsWith("config 'camera': endpoint: 'tcp://127.0.0.1' is not a valid endpoint:"
        + " it has no :PORT"), cam.getMessage());
  }
}
