using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Beacon.Platform.Http;
using Beacon.Platform.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Xunit;

namespace Beacon.Architecture.Tests;

/// <summary>
/// Stable error codes (decision 0004): every refusal names a code declared in its module's error class, every code has
/// zh-CN and en-US text that the kernel's adapter finds, and no page reads the English message.
/// </summary>
public sealed partial class ErrorCodeTests
{
    [Fact]
    public void Every_error_code_of_every_module_has_zh_CN_and_en_US_text_through_the_adapter()
    {
        using var services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        var factory = services.GetRequiredService<IStringLocalizerFactory>();
        var adapter = new ProblemText(services.GetRequiredService<IStringLocalizer<SharedResource>>());
        var classes = ErrorClasses();
        var missing = new List<string>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var type in classes)
        {
            var module = factory.Create(ModuleResource(type.Assembly));
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)))
            {
                var code = (string)field.GetRawConstantValue()!;
                Assert.Matches(CodeShape(), code);
                Assert.True(seen.TryAdd(code, $"{type.Name}.{field.Name}"), $"{code} is declared twice ({seen.GetValueOrDefault(code)} and {type.Name}.{field.Name})");
                var zh = TextIn("zh-CN", adapter, code, module);
                var en = TextIn("en-US", adapter, code, module);
                if (zh is null || en is null || zh == en)
                {
                    missing.Add($"{type.Name}.{field.Name} ({code}): zh-CN '{zh}', en-US '{en}'");
                }
            }
        }

        Assert.True(classes.Count >= 3, "expected the code classes of the kernel and both modules: " + string.Join(", ", classes.Select(c => c.Name)));
        Assert.True(seen.ContainsKey("incident.closed") && seen.ContainsKey("warning.sign-off.same-person") && seen.ContainsKey("unit.name.taken"));
        Assert.Empty(missing);
    }

    [Fact]
    public void The_adapter_shows_the_module_text_then_the_kernel_text_then_a_general_text_with_the_status()
    {
        using var services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        var factory = services.GetRequiredService<IStringLocalizerFactory>();
        var adapter = new ProblemText(services.GetRequiredService<IStringLocalizer<SharedResource>>());
        var incidents = factory.Create(ModuleResource(typeof(Beacon.Incidents.IncidentErrors).Assembly));
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");

            var closed = adapter.Read(ApiResults.Conflict(Beacon.Incidents.IncidentErrors.Closed, "reworded at will"), incidents);
            var fields = adapter.Read(ApiResults.Invalid("learnedAt", Beacon.Incidents.IncidentErrors.LearnedBeforeOccurred, "any English"), incidents);
            var kernel = adapter.Read(ApiResults.PreconditionRequired(), incidents);
            var unknown = adapter.Read(ApiResults.Conflict("nobody.knows.this", "x"), incidents);

            Assert.Equal("该事件已终报完结，不再接收报告", closed.Problem);
            Assert.Equal("接报时间早于事发时间，如属实请填写原因", fields.FieldErrors["LearnedAt"]);
            Assert.Equal("请先读取记录再修改（缺少版本信息）。", kernel.Problem);
            Assert.Equal("请求未能完成（409）", unknown.Problem);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void Every_refusal_in_the_source_passes_a_declared_code_never_a_literal()
    {
        var root = RepositoryRoot();
        var offenders = new List<string>();
        foreach (var file in SourceFiles(root, ".cs"))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in LiteralCode().Matches(text))
            {
                offenders.Add($"{Path.GetRelativePath(root, file)}: {m.Value}");
            }
        }

        Assert.Empty(offenders);
    }

    [Fact]
    public void No_page_or_handler_compares_problem_text_or_keeps_a_sentence_to_key_table()
    {
        var root = RepositoryRoot();
        var offenders = new List<string>();
        foreach (var file in SourceFiles(root, ".cs", ".razor"))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative == "src/Beacon.Platform/Http/ProblemText.cs")
            {
                continue;
            }

            var text = File.ReadAllText(file);
            var isPage = relative.EndsWith(".razor", StringComparison.Ordinal) || relative.EndsWith(".razor.cs", StringComparison.Ordinal);
            if (isPage && (text.Contains("ProblemDetails", StringComparison.Ordinal) || text.Contains("ProblemHttpResult", StringComparison.Ordinal)
                           || text.Contains("ValidationProblem", StringComparison.Ordinal)))
            {
                offenders.Add(relative + ": a page reads a ProblemDetails itself; use ProblemText");
            }

            if (ReadsProblemText().IsMatch(text))
            {
                offenders.Add(relative + ": reads the English detail or reasons of a problem");
            }

            if (SentenceTable().IsMatch(text))
            {
                offenders.Add(relative + ": maps a sentence to a resource key");
            }
        }

        Assert.Empty(offenders);
    }

    /// <summary>The static classes of codes: <c>…Errors</c> with public string constants, in the kernel and every module.</summary>
    private static List<Type> ErrorClasses()
    {
        Assembly[] assemblies = [typeof(Beacon.Platform.PlatformModule).Assembly, .. Beacon.Modules.ModuleCatalog.All.Select(m => m.Assembly)];
        return [.. assemblies.SelectMany(a => a.GetTypes())
            .Where(t => t is { IsAbstract: true, IsSealed: true, IsPublic: true } && t.Name.EndsWith("Errors", StringComparison.Ordinal))
            .Where(t => t.GetFields(BindingFlags.Public | BindingFlags.Static).Any(f => f.IsLiteral && f.FieldType == typeof(string)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)];
    }

    /// <summary>A module's own resources (the kernel's admin resources for the kernel: its shared ones are the adapter's fallback).</summary>
    private static Type ModuleResource(Assembly assembly) =>
        Beacon.Modules.ModuleCatalog.All.FirstOrDefault(m => m.Assembly == assembly)?.Resources
        ?? assembly.GetTypes().Single(t => t.Namespace?.EndsWith(".Localization", StringComparison.Ordinal) == true
                                           && t.Name == "AdminResource");

    private static string? TextIn(string culture, ProblemText adapter, string code, IStringLocalizer module)
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            return adapter.TryText(code, module, out var text) && text.Trim().Length > 0 ? text : null;
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static IEnumerable<string> SourceFiles(string root, params string[] extensions) =>
        Directory.EnumerateFiles(Path.Combine(root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => extensions.Any(e => f.EndsWith(e, StringComparison.Ordinal)))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

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

    [GeneratedRegex(@"^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$")]
    private static partial Regex CodeShape();

    // NotFound/Conflict/Forbidden/Problem take the code first; Invalid takes the field, then the code.
    [GeneratedRegex(@"ApiResults\.(?:(?:NotFound|Conflict|Forbidden)\(\s*\$?""|Problem\([^,]+,[^,]+,\s*\$?""|Invalid\(\s*(?:\$?""[^""]*""|\w+)\s*,\s*\$?"")")]
    private static partial Regex LiteralCode();

    // Reading (not setting) the English detail or reasons of a problem.
    [GeneratedRegex(@"ProblemDetails\.(?:Detail|Errors)\b(?!\s*(?:\?\?=|=[^=]))")]
    private static partial Regex ReadsProblemText();

    // ["an English sentence"] = "Error.Something" — the shape of the tables this replaced.
    [GeneratedRegex(@"\[\s*""[^""]+""\s*\]\s*=\s*""Error\.")]
    private static partial Regex SentenceTable();
}
