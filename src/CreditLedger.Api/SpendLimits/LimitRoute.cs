using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Engine.Limits;
using CreditLedger.Rules;

namespace CreditLedger.Api.SpendLimits;

/// <summary>
/// The <c>{scope}/{scopeId}</c> of a limit route: an unknown scope or a resource id that breaks the id rule is a 400; a user
/// or key id that is no UUID can name nothing, so it is as unknown as any other (404). Ids are kept in one spelling.
/// </summary>
public sealed record LimitRoute((LimitScope Scope, string Id) Target, IResult? Problem = null)
{
    public static LimitRoute Parse(string scope, string scopeId)
    {
        if (!LimitScopeNames.TryParse(scope, out var limitScope))
        {
            return new((default, scopeId), Problems.Validation("scope", "Must be one of: " + string.Join(", ", LimitScopeNames.All) + "."));
        }

        if (limitScope == LimitScope.Resource)
        {
            return ResourceTree.IsValidId(scopeId)
                ? new((limitScope, scopeId))
                : new((limitScope, scopeId), Problems.Validation("scopeId", ResourceTree.IdRule));
        }

        return Guid.TryParse(scopeId, out var id)
            ? new((limitScope, id.ToString()))
            : new((limitScope, scopeId), Problems.NotFound(LimitScopeNames.UnknownTarget(limitScope, scopeId)));
    }
}
