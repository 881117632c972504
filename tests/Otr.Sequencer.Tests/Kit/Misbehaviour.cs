namespace Otr.Sequencer.Tests.Kit;

/// <summary>Ways the fake executor can break the contract.</summary>
public enum Misbehaviour
{
    None,
    TamperOutput,
    WrongSigner,
    WrongNonce,
    WrongDomain,
    WrongPrompt,
    Fail500,
    StreamTextMismatch,
    StreamBreaks,
}
