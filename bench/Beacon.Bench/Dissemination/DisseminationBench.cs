using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Bench.Reports;
using Microsoft.Data.Sqlite;

namespace Beacon.Bench.Dissemination;

/// <summary>
/// Issue 4, acceptance 6 (the dissemination half): one warning, published through the real release flow, disseminated
/// by Beacon's dispatcher to N recorded recipients (default 1,000,000; SMS, recorded in <c>outbound_messages</c>) on
/// SQLite. Measures from the sign-off's answer to the delivery report saying done, and the expansion into deliveries
/// on the way. The baseline is the storage floor measured in the same run: plain batched inserts of N rows of the same
/// shape into a fresh SQLite file with the same pragmas. Goal ≥ 20,000 deliveries per second.
/// </summary>
/// <remarks>
/// Issue 14: in the same run, the same number of recipients (half with a phone, half with an e-mail address) through
/// the real protocols against local far ends started in this process: an SMTP server (the SmtpServer package, SMTP
/// AUTH, one message per delivery) and the CMPP 2.0 gateway simulator of the tests (login, window, rate, ledger
/// deduplicated on Reserve), with the gateway's <c>--window</c> and <c>--rate</c>. It checks that each far end counted
/// every delivery once. <c>--channels recorder|real|both</c> (default both).
/// </remarks>
internal static class DisseminationBench
{
    private const double Goal = 20_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var o = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            o[args[i].TrimStart('-')] = args[i + 1];
        }

        if (!o.TryGetValue("beacon", out var beaconDll))
        {
            await Console.Error.WriteLineAsync("usage: … dissemination --beacon PATH [--recipients N] [--batch N] [--channels recorder|real|both] [--window N] [--rate N] [--dotnet PATH]");
            return 2;
        }

        var recipients = int.Parse(o.GetValueOrDefault("recipients", "1000000"), CultureInfo.InvariantCulture);
        var batch = o.GetValueOrDefault("batch", "10000");
        var dotnet = o.GetValueOrDefault("dotnet", "dotnet");
        var channels = o.GetValueOrDefault("channels", "both");
        var real = channels is "real" or "both" ? await RealChannelsAsync(dotnet, beaconDll, recipients, batch,
            int.Parse(o.GetValueOrDefault("window", "64"), CultureInfo.InvariantCulture), int.Parse(o.GetValueOrDefault("rate", "5000"), CultureInfo.InvariantCulture)) : null;
        if (channels == "real")
        {
            return real is { Passed: true } ? 0 : 1;
        }

        Console.WriteLine($"Dissemination: one warning to {recipients:N0} recorded recipients (SMS), dispatcher batches of {batch}, SQLite");
        Console.WriteLine($"  machine: {Environment.ProcessorCount} processors, .NET {Environment.Version}, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC, load average {ReportsBench.LoadAverages()}");
        var folder = Directory.CreateTempSubdirectory("beacon-bench-dissemination-").FullName;
        try
        {
            var env = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Beacon__Demo"] = "false",
                ["Beacon__DataFolder"] = folder,
                ["Beacon__Database__Provider"] = "Sqlite",
                // One bench token drafts, reviews and signs off: the benchmark is about dispatch, not about who signs.
                ["Beacon__Warnings__SeparateDuties"] = "false",
                ["Beacon__Warnings__Dissemination__BatchSize"] = batch,
            };
            await ReportsBench.CliAsync(dotnet, beaconDll, env, "migrate");
            await ReportsBench.CliAsync(dotnet, beaconDll, env, "seed");
            var secret = ReportsBench.Secrets(await ReportsBench.CliAsync(dotnet, beaconDll, env, "create-token", "--name", "bench-dissemination", "--jurisdiction", "150000",
                "--roles", "DutyOfficer,LeaderOnDuty,Leader", "--days", "1")).Single();
            var seeding = Stopwatch.StartNew();
            await SeedAsync(Path.Combine(folder, "beacon.db"), recipients);
            Console.WriteLine($"  {recipients:N0} recipients written into Beacon's database in {seeding.Elapsed.TotalSeconds:0.0} s");

            double beaconSeconds, expandSeconds;
            int sent;
            await using (var beacon = await AppProcess.StartAsync(dotnet, beaconDll, env))
            {
                using var http = new HttpClient { BaseAddress = beacon.Url, Timeout = TimeSpan.FromSeconds(60) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
                var id = await PublishAsync(http);
                var clock = Stopwatch.StartNew();
                expandSeconds = double.NaN;
                while (true)
                {
                    using var report = JsonDocument.Parse(await http.GetStringAsync(new Uri($"api/v1/warnings/{id}/deliveries?pageSize=1", UriKind.Relative)));
                    var root = report.RootElement;
                    if (double.IsNaN(expandSeconds) && root.GetProperty("expanded").GetBoolean())
                    {
                        expandSeconds = clock.Elapsed.TotalSeconds;
                    }

                    if (root.GetProperty("done").GetBoolean())
                    {
                        beaconSeconds = clock.Elapsed.TotalSeconds;
                        sent = root.GetProperty("counts").EnumerateArray().Where(c => c.GetProperty("status").GetString() == "Sent").Sum(c => c.GetProperty("count").GetInt32());
                        break;
                    }

                    if (clock.Elapsed > TimeSpan.FromMinutes(20))
                    {
                        throw new TimeoutException("dissemination not done after 20 minutes");
                    }

                    await Task.Delay(250);
                }
            }

            var baselineSeconds = await BaselineAsync(Path.Combine(folder, "baseline.db"), recipients, int.Parse(batch, CultureInfo.InvariantCulture));
            var rate = sent / beaconSeconds;
            var baseRate = recipients / baselineSeconds;
            Console.WriteLine();
            Console.WriteLine("| measure | Beacon | baseline (plain inserts) | ratio |");
            Console.WriteLine("| --- | ---: | ---: | ---: |");
            Console.WriteLine($"| deliveries sent and recorded | {sent:N0} | {recipients:N0} rows | |");
            Console.WriteLine($"| seconds (sign-off → all sent) | {beaconSeconds:0.0} (expanded after {expandSeconds:0.0}) | {baselineSeconds:0.0} | |");
            Console.WriteLine($"| per second | {rate:N0} | {baseRate:N0} | {rate / baseRate:0.00}× |");
            Console.WriteLine();
            Console.WriteLine($"goal ≥ {Goal:N0} deliveries/s, all {recipients:N0} sent: {(rate >= Goal && sent == recipients ? "PASS" : "FAIL")}");
            if (real is not null)
            {
                Console.WriteLine();
                Console.WriteLine($"| through the real protocols (same run) | e-mail over SMTP | SMS over CMPP 2.0 | both | recorder (above) |");
                Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
                Console.WriteLine($"| deliveries | {real.Emails:N0} | {real.Sms:N0} ({real.Parts:N0} submits) | {real.Emails + real.Sms:N0} | {sent:N0} |");
                Console.WriteLine($"| counted once by the far end (repeats) | {real.MailCounted:N0} ({real.MailRepeats}) | {real.PartsCounted:N0} parts ({real.PartRepeats}) | | |");
                Console.WriteLine($"| seconds (sign-off → all final) | | | {real.Seconds:0.0} (expanded after {real.ExpandSeconds:0.0}) | {beaconSeconds:0.0} |");
                Console.WriteLine($"| per second | | | {(real.Emails + real.Sms) / real.Seconds:N0} | {rate:N0} |");
                Console.WriteLine($"  gateway window {real.Window}, rate {real.Rate:N0} submits/s (floor for the SMS alone: {real.Parts / (double)real.Rate:0.0} s); most unanswered submits seen {real.MaxUnanswered}");
                Console.WriteLine("  repeats: messages a far end took again after Beacon saw the connection break before the answer (at least once; same Message-Id or Reserve)");
                Console.WriteLine($"every delivery sent and in its far end's ledger once: {(real.Passed ? "PASS" : "FAIL")}");
            }

            Console.WriteLine($"  load average after: {ReportsBench.LoadAverages()}");
            return 0;
        }
        finally
        {
            ReportsBench.TryDelete(folder);
        }
    }

    private sealed record RealResult(int Emails, int Sms, int Parts, int MailCounted, int MailRepeats, int PartsCounted, int PartRepeats,
        double Seconds, double ExpandSeconds, int Window, int Rate, int MaxUnanswered, bool Passed);

    /// <summary>
    /// One warning to <paramref name="recipients"/> recipients (even: a phone, odd: an e-mail address) through the SMTP
    /// server and the CMPP gateway simulator started here; from the sign-off's answer to the report saying done.
    /// </summary>
    private static async Task<RealResult> RealChannelsAsync(string dotnet, string beaconDll, int recipients, string batch, int window, int rate)
    {
        Console.WriteLine($"Dissemination through the real protocols: {recipients:N0} recipients (half SMS over CMPP 2.0, window {window}, {rate:N0} submits/s; half e-mail over SMTP), SQLite");
        var folder = Directory.CreateTempSubdirectory("beacon-bench-real-channels-").FullName;
        await using var smtp = new Beacon.Warnings.Tests.Email.TestSmtpServer { RefuseRecipients = false, KeepMessages = false };
        await using var gateway = new Beacon.Warnings.Tests.Sms.CmppGatewaySimulator("901234", "bench-sp-secret") { KeepTexts = false };
        try
        {
            await smtp.StartAsync();
            const string d = "Beacon__Warnings__Dissemination__";
            var env = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Beacon__Demo"] = "false",
                ["Beacon__DataFolder"] = folder,
                ["Beacon__Database__Provider"] = "Sqlite",
                ["Beacon__Warnings__SeparateDuties"] = "false",
                [d + "BatchSize"] = batch,
                // A message whose connection broke is retried after a second, not the production 30 s.
                [d + "FirstBackoff"] = "00:00:01",
                [d + "Email__Mode"] = "Smtp",
                [d + "Email__Host"] = "127.0.0.1",
                [d + "Email__Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
                [d + "Email__Security"] = "None",
                [d + "Email__UserName"] = Beacon.Warnings.Tests.Email.TestSmtpServer.User,
                [d + "Email__Password"] = Beacon.Warnings.Tests.Email.TestSmtpServer.Password,
                [d + "Email__From"] = "内蒙古自治区预警信息发布中心 <yujing@bench.example.cn>",
                [d + "Email__MessagesPerConnection"] = "0",
                [d + "Sms__Gateway"] = "Cmpp",
                [d + "Sms__Cmpp__Host"] = "127.0.0.1",
                [d + "Sms__Cmpp__Port"] = gateway.Port.ToString(CultureInfo.InvariantCulture),
                [d + "Sms__Cmpp__SourceAddr"] = gateway.SourceAddr,
                [d + "Sms__Cmpp__SharedSecret"] = gateway.Secret,
                [d + "Sms__Cmpp__SourceNumber"] = "12379",
                [d + "Sms__Cmpp__ServiceId"] = "YJFB",
                [d + "Sms__Cmpp__Window"] = window.ToString(CultureInfo.InvariantCulture),
                [d + "Sms__Cmpp__SubmitsPerSecond"] = rate.ToString(CultureInfo.InvariantCulture),
            };
            await ReportsBench.CliAsync(dotnet, beaconDll, env, "migrate");
            await ReportsBench.CliAsync(dotnet, beaconDll, env, "seed");
            var secret = ReportsBench.Secrets(await ReportsBench.CliAsync(dotnet, beaconDll, env, "create-token", "--name", "bench-real-channels", "--jurisdiction", "150000",
                "--roles", "DutyOfficer,LeaderOnDuty,Leader", "--days", "1")).Single();
            var seeding = Stopwatch.StartNew();
            await SeedAsync(Path.Combine(folder, "beacon.db"), recipients, emailEveryOther: true);
            Console.WriteLine($"  {recipients:N0} recipients written into Beacon's database in {seeding.Elapsed.TotalSeconds:0.0} s");

            await using var beacon = await AppProcess.StartAsync(dotnet, beaconDll, env);
            using var http = new HttpClient { BaseAddress = beacon.Url, Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            var id = await PublishAsync(http);
            var (seconds, expandSeconds, counts) = await UntilDoneAsync(http, id);
            var emails = counts.Where(c => c.Channel == "Email").Sum(c => c.Count);
            var sms = counts.Where(c => c.Channel == "Sms").Sum(c => c.Count);
            var final = counts.Where(c => c.Status == "Sent").Sum(c => c.Count);
            var parts = gateway.Taken;
            var perMessage = sms == 0 ? 0 : parts / sms;
            var passed = final == recipients && emails == (recipients / 2) && sms == recipients - (recipients / 2)
                && smtp.Ledger.Count == emails && perMessage * sms == parts;
            return new RealResult(emails, sms, parts, smtp.Ledger.Count, smtp.Duplicates, parts, gateway.Duplicates, seconds, expandSeconds, window, rate,
                gateway.MaxUnanswered, passed);
        }
        finally
        {
            ReportsBench.TryDelete(folder);
        }
    }

    /// <summary>Polls the delivery report until it says done: seconds to done, to expanded, and the counts by channel and status.</summary>
    private static async Task<(double Seconds, double ExpandSeconds, List<(string Channel, string Status, int Count)> Counts)> UntilDoneAsync(HttpClient http, Guid id)
    {
        var clock = Stopwatch.StartNew();
        var expandSeconds = double.NaN;
        while (true)
        {
            using var report = JsonDocument.Parse(await http.GetStringAsync(new Uri($"api/v1/warnings/{id}/deliveries?pageSize=1", UriKind.Relative)));
            var root = report.RootElement;
            if (double.IsNaN(expandSeconds) && root.GetProperty("expanded").GetBoolean())
            {
                expandSeconds = clock.Elapsed.TotalSeconds;
            }

            if (root.GetProperty("done").GetBoolean())
            {
                return (clock.Elapsed.TotalSeconds, expandSeconds, [.. root.GetProperty("counts").EnumerateArray()
                    .Select(c => (c.GetProperty("channel").GetString() ?? "", c.GetProperty("status").GetString() ?? "", c.GetProperty("count").GetInt32()))]);
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(30))
            {
                throw new TimeoutException("dissemination not done after 30 minutes");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Recipients of the region's counties (SMS), written straight into the database before Beacon starts.</summary>
    private static async Task SeedAsync(string file, int count, bool emailEveryOther = false)
    {
        await using var db = new SqliteConnection($"Data Source={file}");
        await db.OpenAsync();
        await using (var pragma = db.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
            await pragma.ExecuteNonQueryAsync();
        }

        await using var find = db.CreateCommand();
        find.CommandText = "SELECT \"Id\" FROM jurisdictions WHERE \"Code\" = '150000'";
        var owner = (string)(await find.ExecuteScalarAsync())!;
        var counties = new[] { "150102", "150203", "150302", "150402", "150502", "150602", "150702", "150802", "150902", "152201" };
        await using var tx = await db.BeginTransactionAsync();
        await using var insert = db.CreateCommand();
        insert.CommandText = """
            INSERT INTO warnings_recipients ("Id", "Kind", "Name", "OwnerJurisdictionId", "Phone", "Email", "IsActive", "CreatedAt", "Version")
            VALUES ($id, 'Subscriber', $name, $owner, $phone, $email, 1, 0, 1);
            INSERT INTO warnings_recipient_areas ("RecipientId", "Code", "Prefix") VALUES ($id, $code, $code);
            """;
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var name = insert.Parameters.Add("$name", SqliteType.Text);
        insert.Parameters.AddWithValue("$owner", owner);
        var phone = insert.Parameters.Add("$phone", SqliteType.Text);
        var email = insert.Parameters.Add("$email", SqliteType.Text);
        var code = insert.Parameters.Add("$code", SqliteType.Text);
        for (var i = 0; i < count; i++)
        {
            id.Value = Guid.CreateVersion7().ToString().ToUpperInvariant();
            name.Value = string.Create(CultureInfo.InvariantCulture, $"订阅用户{i}");
            var byEmail = emailEveryOther && i % 2 == 1;
            phone.Value = byEmail ? DBNull.Value : string.Create(CultureInfo.InvariantCulture, $"139{i:00000000}");
            email.Value = byEmail ? string.Create(CultureInfo.InvariantCulture, $"user{i}@bench.example.cn") : DBNull.Value;
            code.Value = counties[i % counties.Length];
            await insert.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
    }

    private static async Task<Guid> PublishAsync(HttpClient http)
    {
        var now = TimeProvider.System.GetUtcNow();
        var warning = await Json(await http.PostAsJsonAsync("api/v1/warnings", new
        {
            eventCode = "11B06",
            level = "Orange",
            expiresAt = now.AddDays(1),
            headline = "内蒙古自治区应急管理厅发布大风橙色预警",
            description = "预计未来24小时内自治区中西部将出现8级以上大风，局地伴有沙尘。",
            instruction = "加固围板、棚架等易被风吹动的搭建物，减少户外活动。",
            areas = new[] { new { divisionCode = "150000" } },
        }));
        foreach (var (step, body) in new (string, object)[] { ("submit", new { }), ("review", new { approve = true }), ("sign-off", new { }) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/warnings/{warning.GetProperty("id").GetGuid()}/{step}") { Content = JsonContent.Create(body) };
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{warning.GetProperty("version").GetInt32()}\""));
            warning = await Json(await http.SendAsync(request));
        }

        return warning.GetProperty("id").GetGuid();

        static async Task<JsonElement> Json(HttpResponseMessage response)
        {
            var text = await response.Content.ReadAsStringAsync();
            return response.IsSuccessStatusCode ? JsonDocument.Parse(text).RootElement.Clone() : throw new InvalidOperationException($"{(int)response.StatusCode} {text}");
        }
    }

    /// <summary>The floor: <paramref name="count"/> rows like a recorded message (id, channel, address, text) inserted in transactions of <paramref name="batch"/>.</summary>
    private static async Task<double> BaselineAsync(string file, int count, int batch)
    {
        await using var db = new SqliteConnection($"Data Source={file}");
        await db.OpenAsync();
        await using (var create = db.CreateCommand())
        {
            create.CommandText = """
                PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
                CREATE TABLE messages (delivery_id INTEGER PRIMARY KEY, channel TEXT NOT NULL, recipient TEXT NOT NULL, body TEXT NOT NULL, recorded_at INTEGER NOT NULL);
                """;
            await create.ExecuteNonQueryAsync();
        }

        var clock = Stopwatch.StartNew();
        for (var start = 0; start < count; start += batch)
        {
            await using var tx = await db.BeginTransactionAsync();
            await using var insert = db.CreateCommand();
            insert.CommandText = "INSERT INTO messages VALUES ($id, 'Sms', $to, $body, $at)";
            var id = insert.Parameters.Add("$id", SqliteType.Integer);
            var to = insert.Parameters.Add("$to", SqliteType.Text);
            insert.Parameters.AddWithValue("$body", "【内蒙古自治区应急管理厅】内蒙古自治区应急管理厅发布大风橙色预警。加固围板、棚架等易被风吹动的搭建物，减少户外活动。");
            insert.Parameters.AddWithValue("$at", TimeProvider.System.GetUtcNow().UtcTicks);
            for (var i = start; i < Math.Min(count, start + batch); i++)
            {
                id.Value = i + 1;
                to.Value = string.Create(CultureInfo.InvariantCulture, $"139{i:00000000}");
                await insert.ExecuteNonQueryAsync();
            }

            await tx.CommitAsync();
        }

        return clock.Elapsed.TotalSeconds;
    }
}
