package org.samreg.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import org.junit.jupiter.api.Test;
import org.samreg.dense.DenseSettings;
import org.samreg.field.InitialAlignment;
import org.samreg.image.Geometry;
import org.samreg.image.Progress;
import org.samreg.image.Volume;

/**
 * The engine runs on its own bounded pool, never the JVM's common pool (which a viewer shares with everything
 * else), and the number of its threads does not change the result.
 */
class SamRegistrationThreadsTest {
    /** A smooth random texture and a copy of it moved by a few voxels. */
    private static Volume texture(int shift) {
        Geometry g = Geometry.axisAligned(48, 48, 6, 1, 1, 2);
        Random r = new Random(5);
        double[][] waves = new double[12][4];
        for (double[] w : waves) {
            w[0] = r.nextDouble() * 0.4;
            w[1] = r.nextDouble() * 0.4;
            w[2] = r.nextDouble() * 0.8;
            w[3] = r.nextDouble() * 6;
        }
        float[] data = new float[g.voxelCount()];
        for (int k = 0; k < g.nz; k++) {
            for (int j = 0; j < g.ny; j++) {
                for (int i = 0; i < g.nx; i++) {
                    double v = 0;
                    for (double[] w : waves) {
                        v += Math.sin(w[0] * (i + shift) + w[1] * j + w[2] * k + w[3]);
                    }
                    data[g.index(i, j, k)] = (float) (100 + 20 * v);
                }
            }
        }
        return Volume.grey(g, data);
    }

    private static RegistrationResult register(int threads, Set<ForkJoinPool> pools) {
        RegistrationSettings settings = RegistrationSettings.defaults()
                .withMethod(Method.IMAGE, DenseSettings.defaults()).withThreads(threads);
        Progress record = (stage, done, total) -> pools.add(ForkJoinTask.getPool());
        return new SamRegistration(null, settings).register(texture(0), texture(3), InitialAlignment.HEADER, record);
    }

    @Test
    void theEngineRunsOnItsOwnPoolOfTheGivenSize() {
        long commonBefore = ForkJoinPool.commonPool().getStealCount();
        Set<ForkJoinPool> pools = ConcurrentHashMap.newKeySet();
        RegistrationResult one = register(1, pools);
        assertEquals(1, pools.size(), "one pool for the whole registration");
        ForkJoinPool pool = pools.iterator().next();
        assertTrue(pool != ForkJoinPool.commonPool() && pool.getParallelism() == 1, pool.toString());
        assertTrue(pool.isShutdown(), "the pool ends with the registration");
        assertEquals(commonBefore, ForkJoinPool.commonPool().getStealCount(), "no task ran in the common pool");

        RegistrationResult two = register(2, ConcurrentHashMap.newKeySet());
        assertArrayEquals(one.field().field().vectors(), two.field().field().vectors(), 1e-5f);
    }
}
