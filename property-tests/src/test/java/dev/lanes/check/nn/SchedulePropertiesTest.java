package dev.lanes.check.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lanes.check.Approx;
import dev.lanes.check.Property;
import dev.lanes.check.Rnd;
import dev.lanes.check.Sizes;
import dev.lanes.optim.LearningRateSchedule;
import dev.lanes.optim.Schedules;
import org.junit.jupiter.api.Test;

/** Each schedule's formula at random epochs of random runs, and its validation. */
class SchedulePropertiesTest {

    private static final Sizes TOTAL = Sizes.VECTOR.named("totalEpochs").atLeast(1).atMost(1000);

    record Case(float lr, float other, int every, int total, int epoch) {
        static Case make(Rnd r, int[] s) {
            float lr = r.chance(0.1) ? 0f : (float) Math.pow(10, -5 + 5 * r.nextDouble());
            float other = (float) (0.05 + 0.95 * r.nextDouble());
            return new Case(lr, other, r.between(1, 50), s[0], r.nextInt(s[0]));
        }
    }

    /**
     * Every schedule evaluates its formula in double and rounds once: ≤ ½ ulp ≤ u·|η|; Math.pow and Math.cos
     * add ≤ 2 double ulps (2⁻⁵¹ relative), and the cosine's ½(lr − min)(1 + cos) terms are all ≥ 0, so the
     * double error stays relative: bound = (u + 2⁻⁴⁸)·|η| + 2⁻¹⁴⁹ (a subnormal rate rounds absolutely).
     */
    private static void near(String what, float got, double ref) {
        Approx.near(what, -1, got, ref, (Approx.U + 0x1p-48) * Math.abs(ref) + 0x1p-149, 1);
    }

    @Test
    void schedulesFollowTheirFormulas() {
        Property.of("schedules", Case::make, TOTAL).check(c -> {
            int e = c.epoch;
            near("constant", Schedules.constant(c.lr).rate(e, c.total), c.lr);
            near("stepDecay", Schedules.stepDecay(c.lr, c.other, c.every).rate(e, c.total),
                    c.lr * Math.pow(c.other, Math.floor((double) e / c.every)));
            near("exponential", Schedules.exponential(c.lr, c.other).rate(e, c.total),
                    c.lr * Math.pow(c.other, e));
            float min = c.lr * c.other * 0.5f;
            double cos = min + 0.5 * ((double) c.lr - min) * (1 + Math.cos(Math.PI * e / c.total));
            float got = Schedules.cosine(c.lr, min).rate(e, c.total);
            near("cosine", got, cos);
            Approx.require(got >= min && got <= c.lr, "cosine rate " + got + " outside [" + min + ", " + c.lr + "]");
        });
    }

    @Test
    void endpointsAndValidation() {
        LearningRateSchedule cos = Schedules.cosine(0.1f, 0.001f);
        Approx.same("cosine at epoch 0", -1, cos.rate(0, 10), 0.1f);
        Approx.same("step decay before the first drop", -1, Schedules.stepDecay(0.1f, 0.5f, 3).rate(2, 10), 0.1f);
        Approx.same("step decay at the first drop", -1, Schedules.stepDecay(0.1f, 0.5f, 3).rate(3, 10), 0.05f);
        assertThrows(IllegalArgumentException.class, () -> cos.rate(10, 10));
        assertThrows(IllegalArgumentException.class, () -> cos.rate(-1, 10));
        assertThrows(IllegalArgumentException.class, () -> cos.rate(0, 0));
        assertThrows(IllegalArgumentException.class, () -> Schedules.constant(-1f));
        assertThrows(IllegalArgumentException.class, () -> Schedules.constant(Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> Schedules.stepDecay(0.1f, 0f, 3));
        assertThrows(IllegalArgumentException.class, () -> Schedules.stepDecay(0.1f, 0.5f, 0));
        assertThrows(IllegalArgumentException.class, () -> Schedules.exponential(0.1f, Float.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Schedules.cosine(0.1f, 0.2f));
    }
}
