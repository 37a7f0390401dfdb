using System.Diagnostics;
using System.Net;

namespace EnergyBench.Models.Hub;

/// <summary>
/// Downloads one file into <c>blobs/{etag}</c>: the bytes go to <c>{etag}.incomplete</c>, a dropped connection resumes
/// with <c>Range</c> from what arrived, and only content whose size and checksum match what the hub states is renamed
/// into place. A wrong checksum deletes the partial blob. Events (retrying, verified) go to
/// <paramref name="progress"/> as lines, the bytes of each transfer to <paramref name="transfer"/>.
/// </summary>
public sealed class BlobDownload(HubClient client, Action<string> progress, Action<DownloadProgress> transfer)
{
    /// <summary>How often one file's transfer is restarted from where it broke off before the fetch gives up (a rerun resumes too).</summary>
    public const int MaxAttempts = 5;
    /// <summary>Bytes arrive a buffer at a time; a report every buffer would flood a slow terminal.</summary>
    private static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(200);

    public void Run(HubFile file, Uri url, HubErrorContext context, string etag, string blobPath)
    {
        string incomplete = blobPath + HubCache.IncompleteSuffix;
        Directory.CreateDirectory(Path.GetDirectoryName(blobPath)!);
        long? expectedSize = file.Size;
        for (int attempt = 1; ; attempt++)
        {
            long have = File.Exists(incomplete) ? new FileInfo(incomplete).Length : 0; // the transfer's first report says where it resumed
            try
            {
                expectedSize = Transfer(url, context, etag, incomplete, have, expectedSize, file.Name).GetAwaiter().GetResult();
                break;
            }
            catch (IOException e) when (e is not HubException && attempt < MaxAttempts)
            {
                progress($"{file.Name}: connection lost ({e.Message}), retrying");
            }
            catch (IOException e) when (e is not HubException)
            {
                throw new HubException($"{context.Describe()}: the connection broke {MaxAttempts} times ({e.Message}); run the fetch again to resume " +
                                       $"from {new FileInfo(incomplete).Length:N0} bytes", e);
            }
        }
        Verify(file, context, etag, incomplete, expectedSize);
        File.Move(incomplete, blobPath, overwrite: true);
    }

    /// <summary>One request: appends from <paramref name="have"/> when the server honours the range, else starts over. Returns the size the hub stated.</summary>
    private async Task<long?> Transfer(Uri url, HubErrorContext context, string etag, string incomplete, long have, long? expectedSize, string name)
    {
        using var answer = await client.SendAsync(HttpMethod.Get, url, have, context);
        var response = answer.Response;
        // The listing and the file's own headers must describe the same content, or neither can be trusted.
        if (answer.Etag is { } stated && (BlobChecksum.IsSha256(stated) || BlobChecksum.IsGitSha1(stated)) && stated != etag)
            throw new HubException($"{context.Describe()}: the hub's ETag {stated} disagrees with its listing's {etag}; nothing was kept, try again later");
        if (answer.LinkedSize is { } linked && expectedSize is { } listed && linked != listed)
            throw new HubException($"{context.Describe()}: the hub states {linked:N0} bytes (X-Linked-Size) but lists {listed:N0}; nothing was kept, try again later");
        expectedSize ??= answer.LinkedSize;
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            return expectedSize; // everything had arrived already; the checksum decides
        bool resumed = response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From == have;
        if (!resumed)
            have = 0;
        expectedSize ??= response.Content.Headers.ContentLength is { } length ? length + have : null;

        await using var output = OpenIncomplete(incomplete, resumed);
        await using var input = await client.WithTimeout(token => response.Content.ReadAsStreamAsync(token), url);
        byte[] buffer = new byte[1 << 20];
        long written = have;
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        Report(DownloadPhase.Started);
        while (true)
        {
            int read = await client.WithTimeout(token => input.ReadAsync(buffer, token).AsTask(), url);
            if (read == 0)
                break;
            try
            {
                await output.WriteAsync(buffer.AsMemory(0, read));
            }
            catch (IOException e) // not a network error: retrying would not help
            {
                throw new HubException($"{incomplete}: writing failed ({e.Message}); free disk space or set HF_HUB_CACHE to another disk, a rerun resumes", e);
            }
            written += read;
            if (clock.Elapsed - lastReport >= ReportInterval)
            {
                lastReport = clock.Elapsed;
                Report(DownloadPhase.Receiving);
            }
        }
        if (expectedSize is { } size && written < size)
            throw new IOException($"the transfer ended at {written:N0} of {size:N0} bytes");
        Report(DownloadPhase.Finished);
        return expectedSize;

        void Report(DownloadPhase phase) => transfer(new DownloadProgress(name, phase, written, expectedSize, have, clock.Elapsed));
    }

    private static FileStream OpenIncomplete(string path, bool append)
    {
        try
        {
            // Exclusive: a second fetch of the same file must not write into this one's bytes.
            return new FileStream(path, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None);
        }
        catch (IOException e)
        {
            throw new HubException($"{path}: cannot be written ({e.Message}); another fetch of this model may be running", e);
        }
    }

    private void Verify(HubFile file, HubErrorContext context, string etag, string incomplete, long? expectedSize)
    {
        long size = new FileInfo(incomplete).Length;
        string? problem = null;
        if (expectedSize is { } expected && size != expected)
            problem = $"{size:N0} bytes arrived, the hub states {expected:N0}";
        else if ((file.LfsSha256 ?? etag) is { } checksum && BlobChecksum.ActualFor(checksum, incomplete) is { } actual && actual != checksum)
            problem = $"checksum {actual} does not match the hub's {checksum}";
        if (problem is null)
        {
            progress($"{file.Name}: size and checksum verified");
            return;
        }
        File.Delete(incomplete);
        throw new HubException($"{context.Describe()}: {problem}; the download was deleted, run the fetch again");
    }
}
