namespace CreditLedger.Api.Engine;

/// <summary>
/// What a money operation came to: <see cref="Done"/> (its answer; for an idempotent operation also kept under the key),
/// <see cref="Replayed"/> (the answer kept for an earlier call with the same key and body), or <see cref="Refused"/>.
/// A refusal means nothing of the operation was appended, except where its code's documentation says otherwise (a
/// reservation completed after its timeout is released, then refused).
/// </summary>
public abstract record EngineResult<T>
{
    public sealed record Done(T Value, bool Created = true) : EngineResult<T>;

    public sealed record Replayed(byte[] Json) : EngineResult<T>;

    public sealed record Refused(Refusal Refusal) : EngineResult<T>;

    public static implicit operator EngineResult<T>(Refusal refusal) => new Refused(refusal);
}
