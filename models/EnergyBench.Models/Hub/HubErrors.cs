using System.Net;

namespace EnergyBench.Models.Hub;

/// <summary>What a request was for, so an error names the repo, revision or file.</summary>
public sealed record HubErrorContext(HubRepoId Repo, string Revision, string? File)
{
    public string Describe() => File is null ? $"{Repo}@{Revision}" : $"{File} of {Repo}@{Revision}";
}

/// <summary>Turns the hub's error statuses (and its <c>X-Error-Code</c> header) into one line that says what to do.</summary>
public static class HubErrors
{
    public static HubException FromStatus(HttpResponseMessage response, HubErrorContext context, HubSettings settings)
    {
        string? code = response.Headers.TryGetValues("X-Error-Code", out var values) ? values.First() : null;
        string page = $"{settings.Endpoint}/{context.Repo}";
        string tokenAdvice = settings.Token is null
            ? "set HF_TOKEN (or --token-file) to an access token of an account that has access (created at https://huggingface.co/settings/tokens)"
            : "the token sent (HF_TOKEN / --token-file) lacks access: check it belongs to an account that was granted access";
        int status = (int)response.StatusCode;
        return response.StatusCode switch
        {
            _ when code == "GatedRepo" => new HubException(
                $"{context.Repo} is gated ({status}): accept its licence at {page} while logged in, then {tokenAdvice}"),
            HttpStatusCode.Unauthorized => new HubException(
                $"{context.Describe()}: the hub refused the request (401); the repo is gated, private or does not exist - if it exists, request access at {page} and {tokenAdvice}"),
            HttpStatusCode.Forbidden => new HubException(
                $"{context.Describe()}: access denied (403); request access at {page} and {tokenAdvice}"),
            HttpStatusCode.NotFound when code == "RevisionNotFound" => new HubException(
                $"{context.Repo}: revision '{context.Revision}' not found (404); check the branch, tag or commit at {page}"),
            HttpStatusCode.NotFound when context.File is not null && code != "RepoNotFound" => new HubException(
                $"{context.Describe()}: file not found (404)"),
            HttpStatusCode.NotFound => new HubException(
                $"{context.Repo}: no such model repo on {settings.Endpoint} (404); check the id (org/name)"),
            _ => new HubException($"{context.Describe()}: the hub answered {status} {response.ReasonPhrase}; try again later"),
        };
    }
}
