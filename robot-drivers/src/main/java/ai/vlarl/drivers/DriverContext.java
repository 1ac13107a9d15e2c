package ai.vlarl.drivers;

import ai.vlarl.framework.config.Section;

/**
 * What a driver is told besides its own config.
 *
 * @param periodSeconds the servo period: one command arrives per period
 * @param stepSeconds the action-step period (1 / policy rate)
 * @param clock the clock of the control loop
 * @param dryRun when true the driver connects to read state only and must not start anything
 *     that moves the arm (no servo program, no motion commands)
 * @param env the experiment's env section, for drivers that simulate it (the {@code sim} driver);
 *     may be null
 */
public record DriverContext(double periodSeconds, double stepSeconds, Clock clock, boolean dryRun,
    Section env) {}
