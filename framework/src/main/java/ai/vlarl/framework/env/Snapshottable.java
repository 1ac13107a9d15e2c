package ai.vlarl.framework.env;

/**
 * An env whose complete state can be saved into a checkpoint and restored, so that a resumed run
 * continues exactly as an uninterrupted one.
 */
public interface Snapshottable {
  byte[] saveState();

  void loadState(byte[] state);
}
