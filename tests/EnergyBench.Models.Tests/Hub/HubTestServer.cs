using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EnergyBench.Testing;

/// <summary>
/// A Hugging Face hub stand-in on 127.0.0.1 that serves one model repo as the hub does: the revision listing with blob
/// ids and LFS SHA-256s, <c>/resolve/</c> answering small files directly and large ones (*.safetensors, *.onnx) with a
/// redirect to a "CDN" host (<c>localhost</c>, so a client must not send it the token) that honours <c>Range</c>. It can
/// drop a connection mid-file, corrupt a file, ask for a token, call the repo gated, or answer slowly.
/// </summary>
public sealed class HubTestServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, byte[]> _files;

    public HubTestServer(string repoId, IReadOnlyDictionary<string, byte[]> files)
    {
        RepoId = repoId;
        _files = new Dictionary<string, byte[]>(files);
        Commit = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(repoId + string.Join(",", files.Keys))));
        _listener.Start();
        _ = Task.Run(AcceptLoop);
    }

    /// <summary>Serves every file of a model directory (e.g. one SyntheticModelBuilder wrote), with '/' separators.</summary>
    public static HubTestServer ForDirectory(string repoId, string directory, params (string Name, byte[] Content)[] extra) =>
        new(repoId, Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(path => (Name: Path.GetRelativePath(directory, path).Replace('\\', '/'), Content: File.ReadAllBytes(path)))
            .Concat(extra)
            .ToDictionary(f => f.Name, f => f.Content));

    public string RepoId { get; }
    public string Commit { get; }
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>Every request's line and headers, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>A token the hub asks for (401 without it, 403 with another); null: the repo is public.</summary>
    public string? RequiredToken { get; set; }
    /// <summary>Answers 403 GatedRepo whatever the token.</summary>
    public bool Gated { get; set; }
    /// <summary>How many answers for <see cref="DropFile"/> drop the connection after half the bytes asked for.</summary>
    public int DropsLeft { get; set; }
    public string DropFile { get; set; } = "model.safetensors";
    /// <summary>Serves this file with one byte changed (its listing and headers stay the true ones).</summary>
    public string? CorruptFile { get; set; }
    /// <summary>Lists file names only, as the hub does when not asked for blobs: the client must learn etags from HEAD requests.</summary>
    public bool ListNamesOnly { get; set; }
    /// <summary>States a different X-Linked-Etag for the large files than the listing gives.</summary>
    public bool MisstateEtag { get; set; }
    /// <summary>Waits this long before answering the revision listing.</summary>
    public TimeSpan ListingDelay { get; set; }

    public static bool IsLarge(string name) => name.EndsWith(".safetensors", StringComparison.Ordinal) || name.EndsWith(".onnx", StringComparison.Ordinal);
    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
    public static string GitBlobId(byte[] content) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {content.Length}\0"), .. content]));

    public IEnumerable<string> RequestsFor(string pathPart) => Requests.Where(r => r.Split('\n')[0].Contains(pathPart));

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = new StringBuilder();
                var reader = new StreamReader(stream, Encoding.ASCII);
                string? line;
                while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync()))
                    head.Append(line).Append('\n');
                if (head.Length == 0)
                    return;
                string request = head.ToString();
                Requests.Enqueue(request);
                await Answer(stream, request);
            }
            catch (IOException) { }
        }
    }

    private async Task Answer(NetworkStream stream, string request)
    {
        string[] requestLine = request.Split('\n')[0].Split(' ');
        string method = requestLine[0];
        string target = requestLine[1];
        string path = Uri.UnescapeDataString(target.Split('?')[0]);
        string? authorization = HeaderOf(request, "Authorization");

        if (path.StartsWith("/cdn/", StringComparison.Ordinal))
        {
            await ServeCdn(stream, method, path["/cdn/".Length..], HeaderOf(request, "Range"));
            return;
        }
        if (Refuse(authorization) is { } refusal)
        {
            await Write(stream, refusal.Status, [("X-Error-Code", refusal.Code)], Encoding.UTF8.GetBytes("{\"error\":\"refused\"}"), method);
            return;
        }
        string listingPrefix = $"/api/models/{RepoId}/revision/";
        string resolvePrefix = $"/{RepoId}/resolve/";
        if (path.StartsWith(listingPrefix, StringComparison.Ordinal))
        {
            await Task.Delay(ListingDelay);
            string revision = path[listingPrefix.Length..];
            if (revision != "main" && revision != Commit)
                await Write(stream, 404, [("X-Error-Code", "RevisionNotFound")], Encoding.UTF8.GetBytes("{\"error\":\"Invalid rev id\"}"), method);
            else
                await Write(stream, 200, [("Content-Type", "application/json")], Listing(), method);
        }
        else if (path.StartsWith(resolvePrefix, StringComparison.Ordinal))
        {
            string rest = path[resolvePrefix.Length..];
            int slash = rest.IndexOf('/');
            string revision = rest[..slash], file = rest[(slash + 1)..];
            if (revision != "main" && revision != Commit)
                await Write(stream, 404, [("X-Error-Code", "RevisionNotFound")], [], method);
            else if (!_files.TryGetValue(file, out var content))
                await Write(stream, 404, [("X-Error-Code", "EntryNotFound")], [], method);
            else if (IsLarge(file))
                await Write(stream, 302, [("Location", $"http://localhost:{Port}/cdn/{Uri.EscapeDataString(file)}"),
                    ("X-Linked-Etag", $"\"{(MisstateEtag ? Sha256([.. content, 0]) : Sha256(content))}\""), ("X-Linked-Size", content.Length.ToString()), ("ETag", $"\"{GitBlobId(content)}\"")], [], method);
            else
                await Write(stream, 200, [("ETag", $"\"{GitBlobId(content)}\"")], Served(file, content), method);
        }
        else
            await Write(stream, 404, [("X-Error-Code", "RepoNotFound")], Encoding.UTF8.GetBytes("{\"error\":\"Repository not found\"}"), method);
    }

    private (int Status, string Code)? Refuse(string? authorization)
    {
        if (Gated)
            return (403, "GatedRepo");
        if (RequiredToken is null)
            return null;
        if (authorization is null)
            return (401, "RepoNotFound"); // the hub does not tell strangers whether a private repo exists
        return authorization == $"Bearer {RequiredToken}" ? null : (403, "");
    }

    private async Task ServeCdn(NetworkStream stream, string method, string file, string? range)
    {
        if (!_files.TryGetValue(file, out var content))
        {
            await Write(stream, 404, [], [], method);
            return;
        }
        content = Served(file, content);
        long from = 0;
        if (range is not null && range.StartsWith("bytes=", StringComparison.Ordinal))
            from = long.Parse(range["bytes=".Length..].TrimEnd('-').Split('-')[0]);
        if (from >= content.Length && content.Length > 0)
        {
            await Write(stream, 416, [("Content-Range", $"bytes */{content.Length}")], [], method);
            return;
        }
        byte[] body = content[(int)from..];
        var headers = new List<(string, string)> { ("Accept-Ranges", "bytes") };
        if (from > 0)
            headers.Add(("Content-Range", $"bytes {from}-{content.Length - 1}/{content.Length}"));
        bool drop = false;
        lock (_files)
            if (DropsLeft > 0 && method == "GET" && file == DropFile)
            {
                DropsLeft--;
                drop = true;
            }
        await Write(stream, from > 0 ? 206 : 200, headers, body, method, sendOnly: drop ? body.Length / 2 : null);
    }

    private byte[] Served(string file, byte[] content)
    {
        if (file != CorruptFile)
            return content;
        byte[] corrupt = (byte[])content.Clone();
        corrupt[corrupt.Length / 2] ^= 0xFF;
        return corrupt;
    }

    private byte[] Listing() => JsonSerializer.SerializeToUtf8Bytes(new
    {
        id = RepoId,
        sha = Commit,
        siblings = _files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => ListNamesOnly ? new { rfilename = f.Key }
            : IsLarge(f.Key)
            ? (object)new { rfilename = f.Key, blobId = GitBlobId(f.Value), size = f.Value.Length, lfs = new { sha256 = Sha256(f.Value), size = f.Value.Length, pointerSize = 134 } }
            : new { rfilename = f.Key, blobId = GitBlobId(f.Value), size = f.Value.Length }),
    });

    private static async Task Write(NetworkStream stream, int status, IEnumerable<(string Name, string Value)> headers, byte[] body, string method, int? sendOnly = null)
    {
        var head = new StringBuilder($"HTTP/1.1 {status} {(HttpStatusCode)status}\r\n");
        foreach (var (name, value) in headers)
            head.Append($"{name}: {value}\r\n");
        head.Append($"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        if (method == "HEAD")
            return;
        await stream.WriteAsync(body.AsMemory(0, sendOnly ?? body.Length));
        await stream.FlushAsync();
        // A dropped connection: the socket closes with bytes still owed, as when a network breaks mid-file.
    }

    private static string? HeaderOf(string request, string name) =>
        request.Split('\n').Skip(1).FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))?[(name.Length + 1)..].Trim();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
