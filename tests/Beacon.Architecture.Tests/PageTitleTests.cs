using System.Text.RegularExpressions;
using Xunit;

namespace Beacon.Architecture.Tests;

/// <summary>
/// Issue 12, item 10: every routable page of every module has a title in the form <c>页面 · 烽火应急平台</c>
/// (<c>Page · Beacon …</c>), from resources: a <c>&lt;PageTitle&gt;</c> ending in the application's name, or the
/// shell's branded error page, which sets one.
/// </summary>
public sealed partial class PageTitleTests
{
    [Fact]
    public void Every_routable_page_has_a_localized_title_ending_in_the_application_name()
    {
        var root = RepositoryRoot();
        var pages = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.razor", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadLines(f).Any(l => l.StartsWith("@page ", StringComparison.Ordinal)))
            .ToList();
        Assert.NotEmpty(pages);

        var untitled = pages.Where(f =>
            {
                var text = File.ReadAllText(f);
                return !text.Contains("<ErrorPage ", StringComparison.Ordinal) && !Title().IsMatch(text);
            })
            .Select(f => Path.GetRelativePath(root, f))
            .ToList();

        Assert.Empty(untitled);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Beacon.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Beacon.slnx not found above " + AppContext.BaseDirectory);
    }

    // <PageTitle>@L["X.Title"] · @Shared["App.Name"]</PageTitle>: a localized page name, a middle dot, the application's name.
    [GeneratedRegex(@"<PageTitle>@.+ · @\w+\[""App\.Name""\]</PageTitle>")]
    private static partial Regex Title();
}
