package ai.vlarl.drivers.safety;

import ai.vlarl.drivers.ArmCommand;
import java.util.EnumSet;

/**
 * A command after limiting, not yet committed: what to send, the velocities it implies (the
 * guard's state if sent), which limits acted, and how far it is from the request.
 */
record Limited(ArmCommand command, double[] velocity, double[] angularVelocity, double gripper,
    EnumSet<Intervention.Kind> kinds, double deviation) {}
