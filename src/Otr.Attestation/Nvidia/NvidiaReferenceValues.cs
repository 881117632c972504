namespace Otr.Attestation.Nvidia;

/// <summary>
/// The RIM files a deployment supplies for the GPU's driver and VBIOS versions (fetched beforehand from NVIDIA's
/// RIM service, <c>https://rim.attestation.nvidia.com/v1/rim/{id}</c>, and kept as files: this verifier never goes
/// online). A missing RIM is an error unless <see cref="AllowMissing"/> says otherwise.
/// </summary>
/// <param name="DriverRim">The driver RIM (swidtag XML), or null.</param>
/// <param name="VbiosRim">The VBIOS RIM (swidtag XML), or null.</param>
/// <param name="AllowMissing">
/// True: a RIM that is not supplied is skipped and the result's TCB status says so (its measurements are then
/// only reported, not compared). False (default): a missing RIM rejects the evidence with <c>gpu-rim-missing</c>.
/// </param>
public sealed record NvidiaReferenceValues(byte[]? DriverRim, byte[]? VbiosRim, bool AllowMissing = false);
