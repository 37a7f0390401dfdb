using EnergyBench.Inference.Stopping;

namespace EnergyBench.Inference.Tests.Stopping;

public class CodeBlockEndTests
{
    /// <summary>Feeds <paramref name="pieces"/> in order; the index of the piece the completion ends in, or -1.</summary>
    private static int EndsAt(string prompt, params string[] pieces)
    {
        var block = new CodeBlockEnd(prompt);
        for (int i = 0; i < pieces.Length; i++)
            if (block.Add(pieces[i]))
                return i;
        return -1;
    }

    [Fact]
    public void A_body_that_never_leaves_its_block_never_ends()
    {
        Assert.Equal(-1, EndsAt("    \"\"\" Check if in given list of numbers,", " two are close.\n", "    \"\"\"\n", "    for x in numbers:\n", "        if x:\n", "\n", "    return False"));
    }

    [Fact]
    public void A_line_left_of_the_block_ends_it_at_its_first_character()
    {
        // The prompt's line starts after its line break, so the block is at column 4; "    " alone sets nothing.
        Assert.Equal(4, EndsAt("):\n    return", " x\n", "\n", "    ", "x", "\nprint(1)"));
        // Going back to the block's own column, or deeper, does not end it.
        Assert.Equal(-1, EndsAt("):\n    y = 1", "\n        if y:\n            z\n    w = 3"));
        // Only the prompt's last line sets the block: a deeper one, and the block ends where the completion goes back.
        Assert.Equal(0, EndsAt("):\n    if x:\n        y = 1", "\n    z = 2"));
    }

    [Fact]
    public void A_prompt_that_ends_in_indentation_takes_the_block_from_the_line_it_starts()
    {
        var block = new CodeBlockEnd("starts with\n   ");
        Assert.Null(block.BlockIndentation);
        Assert.False(block.Add(" balance = 0\n    for op in ops:\n"));
        Assert.Equal(4, block.BlockIndentation);
        Assert.True(block.Add("x = 1"));
    }

    [Fact]
    public void A_window_that_starts_mid_line_takes_the_block_from_the_first_whole_line()
    {
        var block = new CodeBlockEnd(" float) -> bool:");
        Assert.Null(block.BlockIndentation);
        Assert.False(block.Add("\n    return True\n"));
        Assert.Equal(4, block.BlockIndentation);
        Assert.True(block.Add("assert f()"));
    }

    [Fact]
    public void Tabs_count_to_the_next_multiple_of_eight()
    {
        Assert.Equal(-1, EndsAt("x:\n        a = 1", "\n\tb = 2"));
        Assert.Equal(1, EndsAt("x:\n           a = 1", "\n", "   \tb = 2"));
        Assert.Equal(0, EndsAt("x:\n\t\ta = 1", "\n\tb = 2"));
    }

    [Theory]
    [InlineData("\ndef ")]
    [InlineData("\nclass ")]
    [InlineData("\nif __name__")]
    [InlineData("\n\n\n")]
    public void Each_stop_sequence_ends_a_block_at_column_zero_in_one_piece_or_split_over_several(string sequence)
    {
        const string prompt = "import math\nx = 1";
        Assert.Equal(0, EndsAt(prompt, sequence + "rest"));
        var pieces = sequence.Select(c => c.ToString()).Prepend(" + 2").ToArray();
        Assert.Equal(pieces.Length - 1, EndsAt(prompt, pieces));
    }

    [Fact]
    public void A_stop_sequence_may_begin_in_the_prompt_but_one_wholly_inside_it_does_not_count()
    {
        Assert.Equal(0, EndsAt("x = 1\n\n", "\n"));
        Assert.Equal(-1, EndsAt("x = 1\ndef f():\n", "pass"));
        Assert.Equal(0, EndsAt("x = 1\nde", "f g():"));
    }

    [Fact]
    public void The_first_piece_can_end_the_completion_at_once_and_empty_pieces_change_nothing()
    {
        Assert.Equal(0, EndsAt("):\n    return x", "\ndef g():"));
        // A prompt that ends with a line break leaves the new line's indentation to the completion.
        var fresh = new CodeBlockEnd("):\n    return x\n");
        Assert.False(fresh.Add("x = 1\n"));
        Assert.Equal(0, fresh.BlockIndentation);
        Assert.Equal(-1, EndsAt("    return x", "", ""));
    }
}
