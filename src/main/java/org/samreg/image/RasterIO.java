package org.samreg.image;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * PNG and JPEG images as 2D volumes with 1 mm pixels and identity orientation: grey images (8- or 16-bit, or a
 * palette of greys) give one component, colour images three (R, G, B; alpha is dropped).
 */
public final class RasterIO {
    private RasterIO() {
    }

    public static Volume read(Path file) throws IOException {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new ImageFormatException(file, "corrupt or truncated image file (" + e.getMessage() + ")", e);
        }
        if (image == null) {
            throw new ImageFormatException(file, "not a readable PNG or JPEG image");
        }
        return toVolume(image);
    }

    public static Volume toVolume(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        Geometry geometry = Geometry.axisAligned(w, h, 1, 1, 1, 1);
        if (isGrey(image)) {
            float[] grey = new float[w * h];
            Raster raster = image.getRaster();
            boolean palette = image.getColorModel() instanceof IndexColorModel;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    // palette entries are looked up; plain grey samples keep their full (e.g. 16-bit) value
                    grey[x + w * y] = palette ? image.getRGB(x, y) & 0xff : raster.getSample(x, y, 0);
                }
            }
            return Volume.grey(geometry, grey);
        }
        float[] rgb = new float[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = image.getRGB(x, y), v = 3 * (x + w * y);
                rgb[v] = (p >> 16) & 0xff;
                rgb[v + 1] = (p >> 8) & 0xff;
                rgb[v + 2] = p & 0xff;
            }
        }
        return new Volume(geometry, rgb, 3);
    }

    private static boolean isGrey(BufferedImage image) {
        if (image.getColorModel() instanceof IndexColorModel palette) {
            for (int i = 0; i < palette.getMapSize(); i++) {
                if (palette.getRed(i) != palette.getGreen(i) || palette.getGreen(i) != palette.getBlue(i)) {
                    return false;
                }
            }
            return true;
        }
        return image.getColorModel().getNumColorComponents() == 1;
    }

    /** Writes a grey 2D image as 8-bit PNG, mapping {@code low..high} to 0..255. */
    public static void writeGrey(Path file, Volume image, double low, double high) throws IOException {
        require2D(image, 1);
        double scale = high > low ? 255 / (high - low) : 0;
        writePng(file, greyImage(image, BufferedImage.TYPE_BYTE_GRAY,
                v -> (int) Math.round(Math.min(255, Math.max(0, (v - low) * scale)))));
    }

    /** Writes an RGB 2D image (values 0..255) as PNG. */
    public static void writeRgb(Path file, Volume image) throws IOException {
        require2D(image, 3);
        Geometry g = image.geometry();
        BufferedImage out = new BufferedImage(g.nx, g.ny, BufferedImage.TYPE_INT_RGB);
        float[] d = image.data();
        for (int y = 0; y < g.ny; y++) {
            for (int x = 0; x < g.nx; x++) {
                int v = 3 * (x + g.nx * y);
                out.setRGB(x, y, (byte255(d[v]) << 16) | (byte255(d[v + 1]) << 8) | byte255(d[v + 2]));
            }
        }
        writePng(file, out);
    }

    /** Writes integer labels unchanged: 8-bit grey PNG if they fit in 0..255, else 16-bit. */
    public static void writeLabels(Path file, Volume labels) throws IOException {
        require2D(labels, 1);
        float[] range = labels.range();
        if (range[0] < 0 || range[1] > 65535) {
            throw new IllegalArgumentException("PNG labels must lie in 0..65535, found " + range[0] + ".." + range[1]);
        }
        int type = range[1] <= 255 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_USHORT_GRAY;
        writePng(file, greyImage(labels, type, v -> Math.round(v)));
    }

    /** Writes any rendered image as PNG, atomically. */
    public static void writePng(Path file, BufferedImage image) throws IOException {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    private interface SampleMapping {
        int map(float value);
    }

    private static BufferedImage greyImage(Volume image, int type, SampleMapping mapping) {
        Geometry g = image.geometry();
        BufferedImage out = new BufferedImage(g.nx, g.ny, type);
        WritableRaster raster = out.getRaster();
        float[] d = image.data();
        for (int y = 0; y < g.ny; y++) {
            for (int x = 0; x < g.nx; x++) {
                raster.setSample(x, y, 0, mapping.map(d[x + g.nx * y]));
            }
        }
        return out;
    }

    private static int byte255(float v) {
        return Math.min(255, Math.max(0, Math.round(v)));
    }

    private static void require2D(Volume image, int components) {
        if (!image.geometry().is2D() || image.components() != components) {
            throw new IllegalArgumentException("expected a 2D image with " + components + " component(s), got "
                    + image.geometry() + " with " + image.components());
        }
    }
}
