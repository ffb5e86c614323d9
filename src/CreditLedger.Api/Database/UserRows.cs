using Npgsql;

namespace CreditLedger.Api.Database;

/// <summary>The users table's one write that needs more than EF: telling a duplicate e-mail from any other failure.</summary>
public static class UserRows
{
    /// <summary>Adds a user; false when the workspace already has one with this e-mail (unique per workspace, ignoring case).</summary>
    public static async Task<bool> TryAddAsync(AdminDbContext db, User user, CancellationToken ct)
    {
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return false;
        }
    }
}
