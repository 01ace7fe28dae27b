using System.Globalization;

namespace Kappa.Hypercore.Json;

/// <summary>
/// ECMAScript Number::toString(10) (ECMA-262 §6.1.6.1.20) from .NET's shortest round-trip
/// digits: decimal notation for 1e-7 ≤ |x| &lt; 1e21, otherwise <c>d.ddde±n</c>.
/// </summary>
internal static class JsNumber
{
    public static int Format(double value, Span<char> destination)
    {
        if (value == 0) { destination[0] = '0'; return 1; } // also -0
        var pos = 0;
        if (value < 0) { destination[pos++] = '-'; value = -value; }

        Span<char> r = stackalloc char[32];
        value.TryFormat(r, out var rn, "R", CultureInfo.InvariantCulture);
        // Split .NET's form "d.dddE±x" / "ddd.ddd" into significant digits and decimal exponent n.
        Span<char> digits = stackalloc char[24];
        int k = 0, pointAt = -1, exponent = 0;
        for (var i = 0; i < rn; i++)
        {
            var c = r[i];
            if (c == '.') { pointAt = k; continue; }
            if (c is 'E' or 'e') { exponent = int.Parse(r[(i + 1)..rn], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture); break; }
            digits[k++] = c;
        }
        var n = (pointAt < 0 ? k : pointAt) + exponent;
        var start = 0;
        while (start < k - 1 && digits[start] == '0') { start++; n--; }
        var end = k;
        while (end > start + 1 && digits[end - 1] == '0') end--;
        var s = digits[start..end];
        k = s.Length;

        if (k <= n && n <= 21)
        {
            s.CopyTo(destination[pos..]); pos += k;
            for (var i = 0; i < n - k; i++) destination[pos++] = '0';
        }
        else if (0 < n && n <= 21)
        {
            s[..n].CopyTo(destination[pos..]); pos += n;
            destination[pos++] = '.';
            s[n..].CopyTo(destination[pos..]); pos += k - n;
        }
        else if (-6 < n && n <= 0)
        {
            destination[pos++] = '0';
            destination[pos++] = '.';
            for (var i = 0; i < -n; i++) destination[pos++] = '0';
            s.CopyTo(destination[pos..]); pos += k;
        }
        else
        {
            destination[pos++] = s[0];
            if (k > 1)
            {
                destination[pos++] = '.';
                s[1..].CopyTo(destination[pos..]); pos += k - 1;
            }
            destination[pos++] = 'e';
            var e = n - 1;
            destination[pos++] = e >= 0 ? '+' : '-';
            e.ToString(CultureInfo.InvariantCulture).AsSpan().TrimStart('-').CopyTo(destination[pos..]);
            pos += Math.Abs(e).ToString(CultureInfo.InvariantCulture).Length;
        }
        return pos;
    }
}
