using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Otr.Sequencer.Configuration;
using Otr.Sequencer.OpenAi;

namespace Otr.Sequencer.Http;

/// <summary>
/// Checks <c>Authorization: Bearer &lt;key&gt;</c> against the configured keys. Keys are compared as
/// SHA-256 hashes in constant time, so neither timing nor memory holds a key longer than needed.
/// </summary>
internal sealed class ApiKeyAuthenticator
{
    private readonly bool _required;
    private readonly byte[][] _keyHashes;

    public ApiKeyAuthenticator(IOptions<SequencerOptions> options)
    {
        _required = options.Value.RequireApiKey;
        _keyHashes = [.. options.Value.ApiKeys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k)))];
    }

    /// <summary>Throws a 401 <see cref="ApiProblemException"/> unless the request carries an accepted key.</summary>
    public void Authenticate(HttpRequest request)
    {
        if (!_required)
        {
            return;
        }

        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (header.Length == 0)
        {
            throw ApiProblemException.Unauthorized("Missing API key: send 'Authorization: Bearer <key>'");
        }

        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header.Length == Scheme.Length)
        {
            throw ApiProblemException.Unauthorized("Malformed Authorization header: expected 'Bearer <key>'");
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()));
        var match = false;
        foreach (var key in _keyHashes)
        {
            match |= CryptographicOperations.FixedTimeEquals(presented, key);
        }

        if (!match)
        {
            throw ApiProblemException.Unauthorized("Incorrect API key provided");
        }
    }
}
