package ai.vlarl.drivers.control;

/**
 * What one action step asks of the end-effector: a displacement in meters and a rotation
 * (rotation vector, radians) in the robot's base frame, spread evenly over the step, and the
 * gripper's target opening (0 closed .. 1 open).
 */
public record StepMotion(double dx, double dy, double dz, double drx, double dry, double drz,
    double gripper) {}
