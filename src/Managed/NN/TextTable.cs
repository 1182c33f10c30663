using System.Text;

namespace KernelLib.NN;

/// <summary>A plain-text table with columns padded to their widest cell, for <see cref="Sequential.Summary"/>.</summary>
internal sealed class TextTable
{
    private readonly string[] _headers;
    private readonly bool[] _rightAligned;
    private readonly List<string[]?> _rows = []; // null marks a rule

    internal TextTable(string[] headers, bool[] rightAligned)
    {
        _headers = headers;
        _rightAligned = rightAligned;
    }

    internal void AddRow(params string[] cells) => _rows.Add(cells);

    internal void AddRule() => _rows.Add(null);

    public override string ToString()
    {
        int[] widths = _headers.Select(h => h.Length).ToArray();
        foreach (string[] row in _rows.OfType<string[]>())
        {
            for (int c = 0; c < widths.Length; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        var text = new StringBuilder();
        AppendLine(text, _headers, widths);
        foreach (string[]? row in _rows)
        {
            AppendLine(text, row ?? widths.Select(w => new string('-', w)).ToArray(), widths);
        }
        return text.ToString().TrimEnd('\n');
    }

    private void AppendLine(StringBuilder text, string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (int c = 0; c < cells.Length; c++)
        {
            line.Append(c == 0 ? "" : "  ");
            line.Append(_rightAligned[c] ? cells[c].PadLeft(widths[c]) : cells[c].PadRight(widths[c]));
        }
        text.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
