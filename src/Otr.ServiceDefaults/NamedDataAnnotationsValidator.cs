using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Otr.ServiceDefaults;

/// <summary>Validates options with DataAnnotations and reports each error as <c>Section:Member: message</c>.</summary>
internal sealed class NamedDataAnnotationsValidator<T>(string section) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        if (name is not null && name != Options.DefaultName)
            return ValidateOptionsResult.Skip;
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            return ValidateOptionsResult.Success;
        var errors = results.Select(r =>
        {
            var members = r.MemberNames.Any() ? string.Join(",", r.MemberNames.Select(m => $"{section}:{m}")) : section;
            return $"{members}: {r.ErrorMessage}";
        });
        return ValidateOptionsResult.Fail(errors);
    }
}
