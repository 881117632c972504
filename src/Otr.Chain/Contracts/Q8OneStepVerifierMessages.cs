using Nethereum.Contracts;
using Otr.Chain.Artifacts;

namespace Otr.Chain.Contracts;

/// <summary>Messages of <c>Q8OneStepVerifier</c> (the dispute game calls it; off-chain code only deploys it).</summary>
public static class Q8OneStepVerifierMessages
{
    /// <summary>Deployment: no constructor arguments (the verifier is stateless; models come from the weights root).</summary>
    public sealed class Deployment() : ContractDeploymentMessage(ContractArtifacts.Q8OneStepVerifier.Bytecode);
}
