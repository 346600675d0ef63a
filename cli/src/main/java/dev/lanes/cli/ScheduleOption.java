package dev.lanes.cli;

import dev.lanes.optim.LearningRateSchedule;
import dev.lanes.optim.Schedules;
import picocli.CommandLine;

/**
 * {@code --schedule}: how the learning rate changes over the epochs, from {@code --lr} (core's
 * {@link Schedules}). {@code constant}; {@code step:N:F}, lr·F every N epochs; {@code exp:G}, lr·Gᵉ;
 * {@code cosine} or {@code cosine:MIN}, from lr down towards MIN (default 0) over the run.
 */
record ScheduleOption(String kind, int every, float factor) {

    static final String FORMS = "constant, step:N:F, exp:G, cosine or cosine:MIN";

    static final ScheduleOption CONSTANT = new ScheduleOption("constant", 0, 0f);
    static final ScheduleOption COSINE = new ScheduleOption("cosine", 0, 0f);

    LearningRateSchedule schedule(float lr) {
        return switch (kind) {
            case "step" -> Schedules.stepDecay(lr, factor, every);
            case "exp" -> Schedules.exponential(lr, factor);
            case "cosine" -> {
                if (factor > lr) {
                    throw new UsageException("--schedule cosine:" + factor + ": the floor exceeds the learning rate "
                            + lr);
                }
                yield Schedules.cosine(lr, factor);
            }
            default -> Schedules.constant(lr);
        };
    }

    /** " (×0.5 every 10 epochs)", " (cosine to 0.0)", …; empty for constant. */
    String describe() {
        return switch (kind) {
            case "step" -> " (×" + factor + " every " + every + (every == 1 ? " epoch)" : " epochs)");
            case "exp" -> " (×" + factor + " per epoch)";
            case "cosine" -> " (cosine to " + factor + ")";
            default -> "";
        };
    }

    static final class Converter implements CommandLine.ITypeConverter<ScheduleOption> {
        @Override
        public ScheduleOption convert(String value) {
            String[] p = value.split(":", -1);
            try {
                switch (p[0]) {
                    case "constant":
                        if (p.length == 1) {
                            return CONSTANT;
                        }
                        break;
                    case "step":
                        if (p.length == 3) {
                            return new ScheduleOption("step", atLeastOne(Integer.parseInt(p[1])), positive(p[2]));
                        }
                        break;
                    case "exp":
                        if (p.length == 2) {
                            return new ScheduleOption("exp", 0, positive(p[1]));
                        }
                        break;
                    case "cosine":
                        if (p.length <= 2) {
                            float min = p.length == 2 ? Float.parseFloat(p[1]) : 0f;
                            if (!(min >= 0) || !Float.isFinite(min)) {
                                throw new NumberFormatException();
                            }
                            return new ScheduleOption("cosine", 0, min);
                        }
                        break;
                    default:
                        break;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not one of " + FORMS
                    + " (N ≥ 1 epochs, F and G > 0, MIN ≥ 0)");
        }

        private static int atLeastOne(int n) {
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        }

        private static float positive(String s) {
            float v = Float.parseFloat(s);
            if (!(v > 0) || !Float.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        }
    }
}
