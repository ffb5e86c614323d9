using System.Text;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CreditLedger.Api.Database;

public sealed class AdminDbContext(DbContextOptions<AdminDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>ASP.NET Core Data Protection's key ring (webhook secrets are encrypted with it), shared by every instance.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<User> Users => Set<User>();
    public DbSet<Integration> Integrations => Set<Integration>();
    public DbSet<IntegrationService> IntegrationServices => Set<IntegrationService>();
    public DbSet<WorkspaceIntegration> WorkspaceIntegrations => Set<WorkspaceIntegration>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ApiKey>().HasKey(k => new { k.WorkspaceId, k.Id });
        modelBuilder.Entity<User>().HasKey(u => new { u.WorkspaceId, u.Id });
        modelBuilder.Entity<Integration>().HasKey(i => i.Key);
        modelBuilder.Entity<Integration>().HasMany(i => i.Services).WithOne().HasForeignKey(s => s.IntegrationKey);
        modelBuilder.Entity<IntegrationService>().HasKey(s => new { s.IntegrationKey, s.Key });
        modelBuilder.Entity<WorkspaceIntegration>().HasKey(w => new { w.WorkspaceId, w.IntegrationKey });

        // The schema is written in SQL with snake_case names; map every table and column to it.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            entity.SetTableName(SnakeCase(entity.ClrType.Name) + "s");
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }

        modelBuilder.Entity<WorkspaceIntegration>().ToTable("workspace_integrations");
    }

    internal static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
