using System.Text;

namespace Cvr.Host.Commands;

/// <summary>A plain-text table: a header row and left-aligned columns two spaces apart, no trailing blanks.</summary>
public static class TextTable
{
    public static IReadOnlyList<string> Lines(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        var all = new List<string[]> { headers.Select(Cell).ToArray() };
        all.AddRange(rows.Select(r => headers.Select((_, i) => i < r.Count ? Cell(r[i]) : string.Empty).ToArray()));
        var widths = headers.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        return [.. all.Select(r => Line(r, widths))];
    }

    private static string Line(string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            line.Append(i < cells.Length - 1 ? cells[i].PadRight(widths[i] + 2) : cells[i]);
        }

        return line.ToString().TrimEnd();
    }

    // A cell is one line: a multi-line description would break the columns.
    private static string Cell(string? text) =>
        string.Join(' ', (text ?? string.Empty).Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
