using System.Net;
using System.Net.Http.Headers;

namespace EnergyBench.Models.Hub;

/// <summary>
/// The hub's HTTP API as its own clients speak it: the revision listing, file content through <c>/resolve/</c> with
/// the redirects of large (LFS) files followed by hand (their <c>X-Linked-Etag</c> / <c>X-Linked-Size</c> headers are on
/// the redirect itself), the token as a bearer header that is never sent to another host and never written anywhere.
/// </summary>
public sealed class HubClient : IDisposable
{
    private const int MaxRedirects = 10;
    private readonly HttpClient _http;
    private readonly Uri _endpoint;

    public HubClient(HubSettings settings)
    {
        Settings = settings;
        _endpoint = new Uri(settings.Endpoint + "/");
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = settings.Timeout })
        {
            Timeout = Timeout.InfiniteTimeSpan, // each wait is bounded by its own token (headers, every read)
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("EnergyBench/1.0");
    }

    public HubSettings Settings { get; }

    /// <summary>A response at the end of its redirects, with the content identity the hub stated on the way.</summary>
    public sealed record Answer(HttpResponseMessage Response, string? Etag, long? LinkedSize) : IDisposable
    {
        public void Dispose() => Response.Dispose();
    }

    public async Task<HubRevision> GetRevisionAsync(HubRepoId repo, string revision)
    {
        var url = new Uri(_endpoint, $"api/models/{repo.UrlPath}/revision/{Uri.EscapeDataString(revision)}?blobs=true");
        using var answer = await SendAsync(HttpMethod.Get, url, rangeFrom: 0, new HubErrorContext(repo, revision, File: null));
        string json = await ReadWithTimeoutAsync(answer.Response.Content);
        return HubRevision.Parse(json, $"{repo}@{revision}");
    }

    public Uri ResolveUrl(HubRepoId repo, string commit, string file) =>
        new(_endpoint, $"{repo.UrlPath}/resolve/{commit}/{string.Join('/', file.Split('/').Select(Uri.EscapeDataString))}");

    /// <summary>Sends a request and follows redirects; a status other than 2xx (or 416 for a range past the end) becomes a one-line <see cref="HubException"/>.</summary>
    public async Task<Answer> SendAsync(HttpMethod method, Uri url, long rangeFrom, HubErrorContext context)
    {
        string? etag = null;
        long? linkedSize = null;
        for (int hop = 0; hop <= MaxRedirects; hop++)
        {
            using var request = new HttpRequestMessage(method, url);
            // The token goes to the hub only; a CDN that serves an LFS file gets a signed URL instead.
            if (Settings.Token is { } token && url.Host == _endpoint.Host && url.Port == _endpoint.Port)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (rangeFrom > 0)
                request.Headers.Range = new RangeHeaderValue(rangeFrom, null);
            var response = await WithTimeout(token => _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token), url);
            etag ??= Header(response, "X-Linked-Etag") ?? EtagOf(response);
            linkedSize ??= long.TryParse(Header(response, "X-Linked-Size"), out long size) ? size : null;
            int status = (int)response.StatusCode;
            if (status is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                response.Dispose();
                url = location.IsAbsoluteUri ? location : new Uri(url, location);
                continue;
            }
            if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
                return new Answer(response, etag, linkedSize);
            using (response)
                throw HubErrors.FromStatus(response, context, Settings);
        }
        throw new HubException($"{url.Host}: more than {MaxRedirects} redirects for {context.Describe()}");
    }

    /// <summary>Runs one network wait with the download timeout, turning a timeout or an unreachable host into one line.</summary>
    public async Task<T> WithTimeout<T>(Func<CancellationToken, Task<T>> action, Uri url)
    {
        using var timeout = new CancellationTokenSource(Settings.Timeout);
        try
        {
            return await action(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new HubException($"{url.Host}:{url.Port} did not answer within {Settings.Timeout.TotalSeconds:0.#} s " +
                                   "(slow network? raise HF_HUB_DOWNLOAD_TIMEOUT; a rerun resumes what arrived)");
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ResponseEnded)
        {
            // A connection that closed mid-answer is worth another try (a download resumes); callers retry IOExceptions that are not HubExceptions.
            throw new IOException($"{url.Host}:{url.Port} closed the connection mid-answer", e);
        }
        catch (HttpRequestException e)
        {
            throw new HubException($"cannot reach {url.Scheme}://{url.Host}:{url.Port} ({e.Message}); check the network or HF_ENDPOINT, " +
                                   "or use the cache only with --offline (HF_HUB_OFFLINE=1)", e);
        }
    }

    private async Task<string> ReadWithTimeoutAsync(HttpContent content) =>
        await WithTimeout(token => content.ReadAsStringAsync(token), _endpoint);

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? Unquote(values.First()) : null;

    private static string? EtagOf(HttpResponseMessage response) =>
        response.Headers.ETag is { } etag ? Unquote(etag.Tag) : null;

    private static string Unquote(string value) => value.StartsWith("W/", StringComparison.Ordinal) ? Unquote(value[2..]) : value.Trim('"');

    public void Dispose() => _http.Dispose();
}
