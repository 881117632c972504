namespace Otr.Executor.Inference;

/// <summary>
/// <c>Cheat = AlterOutputAfterSigning</c>: the first returned token differs from the one the
/// receipt commits to ('!' for anything but '!', which becomes '?'); the rest are unchanged.
/// Applied per token so streamed and final outputs agree.
/// </summary>
internal static class OutputCheat
{
    public static int Alter(int index, int token) => index != 0 ? token : token == '!' ? '?' : '!';

    /// <summary><c>Cheat = AlterOutputBeforeSigning</c>: the last token replaced by the same rule.</summary>
    public static int[] AlterLast(IReadOnlyList<int> tokens)
    {
        var altered = tokens.ToArray();
        if (altered.Length > 0)
        {
            altered[^1] = Alter(0, altered[^1]);
        }

        return altered;
    }

    public static int[] Alter(IReadOnlyList<int> tokens)
    {
        var altered = new int[tokens.Count];
        for (var i = 0; i < altered.Length; i++)
        {
            altered[i] = Alter(i, tokens[i]);
        }

        return altered;
    }
}
