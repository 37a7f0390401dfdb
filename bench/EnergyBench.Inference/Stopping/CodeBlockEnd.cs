namespace EnergyBench.Inference.Stopping;

/// <summary>
/// Where a code completion is complete, read from its text as it grows (<c>--stop code</c>). The completion ends at
/// the first of:
/// <list type="bullet">
/// <item>a stop sequence (<see cref="StopSequences"/>) completed by generated text; it may begin in the prompt or
/// in an earlier piece, so one split across tokens is found;</item>
/// <item>the end of the block the completion started in: a line with content indented less than that block. The
/// block's indentation is that of the line the completion starts in, the prompt's last line, when the prompt holds
/// that line's start (its content may still be generated: a prompt ending in "\n   " or "\n" waits for it); a prompt
/// window that starts mid-line, with no line break, gives the indentation of the first line that starts after it. Blank lines end nothing; a tab advances to the next
/// multiple of 8 columns, as Python counts it.</item>
/// </list>
/// A block at column 0 is ended by the stop sequences only.
/// </summary>
public sealed class CodeBlockEnd
{
    /// <summary>The stop sequences of Codex's HumanEval evaluation, and three blank lines.</summary>
    public static readonly IReadOnlyList<string> StopSequences = ["\ndef ", "\nclass ", "\nif __name__", "\n\n\n"];

    private static readonly int Longest = StopSequences.Max(s => s.Length);

    private string _tail = "";
    private bool _lineStartKnown;
    private bool _lineHasContent;
    private int _column;
    private int? _block;

    /// <param name="prompt">The prompt's text: it sets the block's indentation and the context of the stop sequences.</param>
    public CodeBlockEnd(string prompt)
    {
        foreach (char c in prompt)
            Read(c, generated: false);
        _tail = Tail(prompt);
    }

    /// <summary>The block indentation once known; null while the line that sets it has no content yet.</summary>
    public int? BlockIndentation => _block;

    /// <summary>Reads the next piece of generated text; true when the completion is complete within it.</summary>
    public bool Add(string generated)
    {
        if (generated.Length == 0)
            return false;
        string text = _tail + generated;
        bool ended = StopSequences.Any(s => text.IndexOf(s, Math.Max(0, _tail.Length - s.Length + 1), StringComparison.Ordinal) >= 0);
        _tail = Tail(text);
        foreach (char c in generated)
            ended |= Read(c, generated: true);
        return ended;
    }

    /// <summary>Follows the lines' indentation; true when a generated line's first content is left of the block.</summary>
    private bool Read(char c, bool generated)
    {
        if (c == '\n')
        {
            (_lineStartKnown, _lineHasContent, _column) = (true, false, 0);
            // In the prompt each new line may be the one the completion starts in; in the completion the block stays.
            if (!generated)
                _block = null;
            return false;
        }
        if (_lineHasContent || !_lineStartKnown)
            return false;
        if (c is ' ' or '\r' or '\f')
        {
            _column += c == ' ' ? 1 : 0;
            return false;
        }
        if (c == '\t')
        {
            _column = (_column / 8 + 1) * 8;
            return false;
        }
        _lineHasContent = true;
        if (_block is null)
        {
            _block = _column;
            return false;
        }
        return generated && _column < _block;
    }

    private static string Tail(string text) => text.Length < Longest ? text : text[^(Longest - 1)..];
}
