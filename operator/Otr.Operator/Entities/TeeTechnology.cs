using System.Text.Json.Serialization;

namespace Otr.Operator.Entities;

/// <summary>The CPU trusted-execution technology of a node pool.</summary>
public enum TeeTechnology
{
    /// <summary>Intel SGX enclaves (AKS DCsv3: <c>sgx.intel.com/epc</c> enclave page cache resource).</summary>
    [JsonStringEnumMemberName("SGX")]
    Sgx,

    /// <summary>Intel TDX confidential VMs (AKS DCesv5).</summary>
    [JsonStringEnumMemberName("TDX")]
    Tdx,

    /// <summary>AMD SEV-SNP confidential VMs (AKS DCasv5, NCCadsH100v5).</summary>
    [JsonStringEnumMemberName("SEV-SNP")]
    SevSnp,
}
