using System.Text.RegularExpressions;
using Xunit;

namespace KernelLib.Tests;

/// <summary>Checks the documented argument errors: exception type, ParamName and the values in the message.</summary>
public static class ErrorAssert
{
    /// <summary>
    /// Expects ArgumentException or a subclass (ArgumentOutOfRangeException) naming
    /// <paramref name="paramName"/>, with every fragment in its message.
    /// </summary>
    public static ArgumentException Throws(Action action, string paramName, params string[] fragments)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(action);
        Assert.True(ex.ParamName == paramName, $"ParamName '{ex.ParamName}', expected '{paramName}': {ex.GetType().Name}: {ex.Message}");
        foreach (string fragment in fragments)
            Assert.Contains(fragment, ex.Message);
        return ex;
    }

    /// <summary>Like <see cref="Throws"/>, where the documentation allows more than one parameter to be blamed.</summary>
    public static ArgumentException ThrowsNamingOneOf(Action action, string[] paramNames, params string[] fragments)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(action);
        Assert.True(paramNames.Contains(ex.ParamName), $"ParamName '{ex.ParamName}', expected one of {string.Join(", ", paramNames)}: {ex.Message}");
        foreach (string fragment in fragments)
            Assert.Contains(fragment, ex.Message);
        return ex;
    }

    /// <summary>Each value appears in the message as a whole number, whatever the surrounding format.</summary>
    public static void MentionsNumbers(ArgumentException ex, params long[] values)
    {
        foreach (long value in values)
        {
            Assert.True(Regex.IsMatch(ex.Message, $@"(?<![\d]){value}(?![\d])"),
                $"The message should mention {value}: {ex.Message}");
        }
    }
}
