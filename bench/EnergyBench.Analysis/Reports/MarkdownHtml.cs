using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace EnergyBench.Analysis.Reports;

/// <summary>
/// Turns the analysis markdown into one self-contained HTML page: the subset of markdown the report uses (headings,
/// tables, lists, fenced code, bold, inline code, images), with images embedded as data URIs so the file reads
/// offline on its own.
/// </summary>
public static partial class MarkdownHtml
{
    private const string Style = """
        body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
        table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }
        th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; }
        th { background: #f2f2f2; }
        td strong { background: #d8f0d8; }
        pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; }
        img { max-width: 100%; border: 1px solid #eee; }
        """;

    /// <param name="markdown">The report.</param>
    /// <param name="baseDirectory">Where relative image paths start.</param>
    public static string Convert(string markdown, string title, string baseDirectory)
    {
        var html = new StringBuilder();
        html.AppendLine($"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title><style>{Style}</style></head><body>");
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                var code = new List<string>();
                while (++i < lines.Length && !lines[i].StartsWith("```", StringComparison.Ordinal))
                    code.Add(lines[i]);
                html.AppendLine($"<pre><code>{WebUtility.HtmlEncode(string.Join("\n", code))}</code></pre>");
            }
            else if (HeadingPattern().Match(line) is { Success: true } heading)
            {
                int level = heading.Groups[1].Length;
                html.AppendLine($"<h{level}>{Inline(heading.Groups[2].Value)}</h{level}>");
            }
            else if (line.StartsWith('|'))
            {
                var rows = new List<string>();
                for (; i < lines.Length && lines[i].StartsWith('|'); i++)
                    rows.Add(lines[i]);
                i--;
                html.AppendLine(Table(rows));
            }
            else if (line.StartsWith("- ", StringComparison.Ordinal))
            {
                html.AppendLine("<ul>");
                for (; i < lines.Length && lines[i].StartsWith("- ", StringComparison.Ordinal); i++)
                    html.AppendLine($"<li>{Inline(lines[i][2..])}</li>");
                i--;
                html.AppendLine("</ul>");
            }
            else if (ImagePattern().Match(line) is { Success: true } image)
                html.AppendLine($"<figure><img alt=\"{WebUtility.HtmlEncode(image.Groups[1].Value)}\" src=\"{DataUri(Path.Combine(baseDirectory, image.Groups[2].Value))}\">" +
                                $"<figcaption>{WebUtility.HtmlEncode(image.Groups[1].Value)}</figcaption></figure>");
            else if (line.Trim().Length > 0)
                html.AppendLine($"<p>{Inline(line)}</p>");
        }
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private static string Table(List<string> rows)
    {
        static string[] Cells(string row) => row.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
        var html = new StringBuilder("<table>\n<tr>");
        foreach (string cell in Cells(rows[0]))
            html.Append($"<th>{Inline(cell)}</th>");
        html.Append("</tr>\n");
        foreach (string row in rows.Skip(2))
            html.Append("<tr>").Append(string.Concat(Cells(row).Select(c => $"<td>{Inline(c)}</td>"))).Append("</tr>\n");
        return html.Append("</table>").ToString();
    }

    private static string Inline(string text)
    {
        string encoded = WebUtility.HtmlEncode(text);
        encoded = BoldPattern().Replace(encoded, "<strong>$1</strong>");
        return CodePattern().Replace(encoded, "<code>$1</code>");
    }

    private static string DataUri(string path) =>
        File.Exists(path) ? "data:image/png;base64," + System.Convert.ToBase64String(File.ReadAllBytes(path)) : WebUtility.HtmlEncode(path);

    [GeneratedRegex(@"^(#{1,4}) (.*)$")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"^!\[(.*)\]\((.*)\)$")]
    private static partial Regex ImagePattern();

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex BoldPattern();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodePattern();
}
