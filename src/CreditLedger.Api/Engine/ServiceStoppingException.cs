namespace CreditLedger.Api.Engine;

/// <summary>The service is shutting down and takes no new writes; the edge answers 503 and clients retry.</summary>
public sealed class ServiceStoppingException() : Exception("The service is shutting down; retry shortly.");
