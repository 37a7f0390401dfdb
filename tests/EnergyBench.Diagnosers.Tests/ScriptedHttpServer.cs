using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EnergyBench.Diagnosers.Tests;

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 that answers each request from a script: a status, a body, a delay, or a
/// dropped connection. It stands in for a NETIO or Shelly meter, including broken and lying ones.
/// </summary>
public sealed class ScriptedHttpServer : IDisposable
{
    public sealed record Reply(int Status = 200, string Body = "", TimeSpan Delay = default, bool Drop = false);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public ScriptedHttpServer(Func<string, Reply> respond)
    {
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
                catch (Exception) { return; }
                _ = Task.Run(() => Serve(client, respond));
            }
        });
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The request lines and headers received so far (to check what a client sent).</summary>
    public List<string> Requests { get; } = [];

    private async Task Serve(TcpClient client, Func<string, Reply> respond)
    {
        using (client)
        {
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.ASCII);
            while (!_stop.IsCancellationRequested)
            {
                var head = new StringBuilder();
                string? line;
                while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync()))
                    head.AppendLine(line);
                if (line is null || head.Length == 0)
                    return;
                string request = head.ToString();
                lock (Requests)
                    Requests.Add(request);
                var reply = respond(request);
                if (reply.Delay > TimeSpan.Zero)
                    await Task.Delay(reply.Delay);
                if (reply.Drop)
                    return;
                byte[] body = Encoding.UTF8.GetBytes(reply.Body);
                string header = $"HTTP/1.1 {reply.Status} Status\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
                try
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(header));
                    await stream.WriteAsync(body);
                }
                catch (IOException) { return; }
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
