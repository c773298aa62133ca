package org.samreg.field;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class SymmetricEigenTest {
    @Test
    void eigenvaluesOfARotatedDiagonalMatrix() {
        // R diag(1, 4, 9) R^T for a rotation R by 30 degrees about z then 45 degrees about x
        double c = Math.cos(Math.PI / 6), s = Math.sin(Math.PI / 6), k = Math.sqrt(0.5);
        double[][] rz = {{c, -s, 0}, {s, c, 0}, {0, 0, 1}}, rx = {{1, 0, 0}, {0, k, -k}, {0, k, k}};
        double[][] r = multiply(rx, rz), m = new double[3][3];
        double[] d = {9, 1, 4};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int t = 0; t < 3; t++) {
                    m[i][j] += r[i][t] * d[t] * r[j][t];
                }
            }
        }
        assertArrayEquals(new double[] {1, 4, 9}, SymmetricEigen.values(m), 1e-9);
        assertArrayEquals(new double[] {1, 3}, SymmetricEigen.values(new double[][] {{2, 1}, {1, 2}}), 1e-12);
        assertArrayEquals(new double[] {0, 5}, SymmetricEigen.values(new double[][] {{1, 2}, {2, 4}}), 1e-12);
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        double[][] c = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int t = 0; t < 3; t++) {
                    c[i][j] += a[i][t] * b[t][j];
                }
            }
        }
        return c;
    }
}
