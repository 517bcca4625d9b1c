namespace TidyGan.Data;

/// <summary>NIfTI affine arithmetic, following nibabel (nifti1.py, quaternions.py, volumeutils.py).</summary>
public static class NiftiAffine
{
    public static double[,] FromSform(NiftiHeader h)
    {
        var a = Identity();
        for (int c = 0; c < 4; c++)
        {
            a[0, c] = h.SRowX[c];
            a[1, c] = h.SRowY[c];
            a[2, c] = h.SRowZ[c];
        }
        return a;
    }

    /// <summary>R(quaternion) · diag(pixdim[1], pixdim[2], qfac·pixdim[3]) plus the qoffsets.</summary>
    public static double[,] FromQform(NiftiHeader h)
    {
        double b = h.QuaternB, c = h.QuaternC, d = h.QuaternD;
        double w2 = 1.0 - (b * b + c * c + d * d);
        // nibabel tolerates tiny negative w² from float rounding (3 eps of the stored precision).
        double threshold = h.Version == 1 ? -3 * 1.1920929e-07 : -3 * 2.220446049250313e-16;
        if (w2 < threshold)
            throw new ArgumentException($"quaternion (b, c, d) = ({b}, {c}, {d}) is not a unit quaternion");
        double a = w2 < 0 ? 0 : Math.Sqrt(w2);
        var r = QuaternionToMatrix(a, b, c, d);
        double[] zoom = [Math.Abs(h.PixDim[1]) is 0 ? 1 : Math.Abs(h.PixDim[1]),
                         Math.Abs(h.PixDim[2]) is 0 ? 1 : Math.Abs(h.PixDim[2]),
                         (Math.Abs(h.PixDim[3]) is 0 ? 1 : Math.Abs(h.PixDim[3])) * h.Qfac];
        var m = Identity();
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                m[i, j] = r[i, j] * zoom[j];
        m[0, 3] = h.QOffsetX;
        m[1, 3] = h.QOffsetY;
        m[2, 3] = h.QOffsetZ;
        return m;
    }

    /// <summary>Analyze fallback: diag(−pixdim[1], pixdim[2], pixdim[3]) centred on the volume.</summary>
    public static double[,] Base(NiftiHeader h)
    {
        var shape = h.Shape;
        var m = Identity();
        for (int i = 0; i < 3; i++)
        {
            double zoom = Math.Abs(h.PixDim[i + 1]) is 0 ? 1 : Math.Abs(h.PixDim[i + 1]);
            if (i == 0) zoom = -zoom;
            m[i, i] = zoom;
            m[i, 3] = -(shape[i] - 1) / 2.0 * zoom;
        }
        return m;
    }

    /// <summary>nibabel's quat2mat for a (w, x, y, z) quaternion.</summary>
    public static double[,] QuaternionToMatrix(double w, double x, double y, double z)
    {
        double n = w * w + x * x + y * y + z * z;
        if (n < 2.220446049250313e-16) return new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
        double s = 2.0 / n;
        double X = x * s, Y = y * s, Z = z * s;
        double wX = w * X, wY = w * Y, wZ = w * Z, xX = x * X, xY = x * Y, xZ = x * Z, yY = y * Y, yZ = y * Z, zZ = z * Z;
        return new double[,]
        {
            { 1 - (yY + zZ), xY - wZ, xZ + wY },
            { xY + wZ, 1 - (xX + zZ), yZ - wX },
            { xZ - wY, yZ + wX, 1 - (xX + yY) },
        };
    }

    /// <summary>
    /// Decompose an affine into qform parameters (as nibabel's set_qform): zooms are column norms, a negative
    /// determinant becomes qfac = −1, shears are stripped by the polar decomposition, w is kept ≥ 0.
    /// </summary>
    public static (double B, double C, double D, double Qfac, double[] Zooms, double[] Offset) ToQform(double[,] affine)
    {
        var m = new double[3, 3];
        var zooms = new double[3];
        for (int j = 0; j < 3; j++)
        {
            zooms[j] = Math.Sqrt(affine[0, j] * affine[0, j] + affine[1, j] * affine[1, j] + affine[2, j] * affine[2, j]);
            if (zooms[j] == 0) zooms[j] = 1;
            for (int i = 0; i < 3; i++) m[i, j] = affine[i, j] / zooms[j];
        }
        double qfac = 1;
        if (Det(m) < 0)
        {
            qfac = -1;
            for (int i = 0; i < 3; i++) m[i, 2] = -m[i, 2];
        }
        var r = NearestRotation(m);
        var (w, x, y, z) = MatrixToQuaternion(r);
        if (w < 0) (x, y, z) = (-x, -y, -z);
        return (x, y, z, qfac, zooms, [affine[0, 3], affine[1, 3], affine[2, 3]]);
    }

    /// <summary>Orthogonal polar factor by Newton iteration R ← (R + R⁻ᵀ)/2 (converges quadratically).</summary>
    private static double[,] NearestRotation(double[,] m)
    {
        var r = (double[,])m.Clone();
        for (int iter = 0; iter < 50; iter++)
        {
            var inv = Inverse3(r);
            double change = 0;
            var next = new double[3, 3];
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                {
                    next[i, j] = 0.5 * (r[i, j] + inv[j, i]);
                    change = Math.Max(change, Math.Abs(next[i, j] - r[i, j]));
                }
            r = next;
            if (change < 1e-15) break;
        }
        return r;
    }

    private static (double W, double X, double Y, double Z) MatrixToQuaternion(double[,] r)
    {
        double trace = r[0, 0] + r[1, 1] + r[2, 2];
        if (trace > 0)
        {
            double s = Math.Sqrt(trace + 1.0) * 2;
            return (0.25 * s, (r[2, 1] - r[1, 2]) / s, (r[0, 2] - r[2, 0]) / s, (r[1, 0] - r[0, 1]) / s);
        }
        if (r[0, 0] > r[1, 1] && r[0, 0] > r[2, 2])
        {
            double s = Math.Sqrt(1.0 + r[0, 0] - r[1, 1] - r[2, 2]) * 2;
            return ((r[2, 1] - r[1, 2]) / s, 0.25 * s, (r[0, 1] + r[1, 0]) / s, (r[0, 2] + r[2, 0]) / s);
        }
        if (r[1, 1] > r[2, 2])
        {
            double s = Math.Sqrt(1.0 + r[1, 1] - r[0, 0] - r[2, 2]) * 2;
            return ((r[0, 2] - r[2, 0]) / s, (r[0, 1] + r[1, 0]) / s, 0.25 * s, (r[1, 2] + r[2, 1]) / s);
        }
        double t = Math.Sqrt(1.0 + r[2, 2] - r[0, 0] - r[1, 1]) * 2;
        return ((r[1, 0] - r[0, 1]) / t, (r[0, 2] + r[2, 0]) / t, (r[1, 2] + r[2, 1]) / t, 0.25 * t);
    }

    public static double Det(double[,] m) =>
        m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1])
        - m[0, 1] * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0])
        + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]);

    private static double[,] Inverse3(double[,] m)
    {
        double det = Det(m);
        var inv = new double[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                int i1 = (j + 1) % 3, i2 = (j + 2) % 3, j1 = (i + 1) % 3, j2 = (i + 2) % 3;
                inv[i, j] = (m[i1, j1] * m[i2, j2] - m[i1, j2] * m[i2, j1]) / det;
            }
        return inv;
    }

    public static double[,] Identity()
    {
        var a = new double[4, 4];
        for (int i = 0; i < 4; i++) a[i, i] = 1;
        return a;
    }
}
