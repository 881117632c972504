using k8s.Models;
using Otr.Operator.Entities;
using Otr.Operator.Scheduling;

namespace Otr.Operator.Tests;

public sealed class PoolMatcherTests
{
    private static readonly Dictionary<string, int> None = [];
    private static readonly GpuSpec OneH100 = new() { Vendor = GpuVendor.Nvidia, Model = GpuModel.H100, Count = 1 };

    [Theory]
    [InlineData(TeeTechnology.Sgx, TeeTechnology.Sgx, true)]
    [InlineData(TeeTechnology.Sgx, TeeTechnology.Tdx, false)]
    [InlineData(TeeTechnology.Tdx, TeeTechnology.Tdx, true)]
    [InlineData(TeeTechnology.Tdx, TeeTechnology.SevSnp, false)]
    [InlineData(TeeTechnology.SevSnp, TeeTechnology.SevSnp, true)]
    [InlineData(TeeTechnology.SevSnp, TeeTechnology.Sgx, false)]
    public void Technology_MustMatch(TeeTechnology pool, TeeTechnology model, bool compatible)
    {
        var why = PoolMatcher.Incompatibility(Pools.Model("m", tee: model).Spec, Pools.Pool("p", pool, 4));
        Assert.Equal(compatible, why is null);
        if (!compatible)
            Assert.Contains("the model needs " + PoolMatcher.TeeName(model), why, StringComparison.Ordinal);
    }

    [Fact]
    public void AnyTechnology_MatchesEveryPool()
    {
        foreach (var tee in Enum.GetValues<TeeTechnology>())
            Assert.Null(PoolMatcher.Incompatibility(Pools.Model("m", tee: null).Spec, Pools.Pool("p", tee, 1)));
    }

    [Theory]
    [InlineData(null, 1, "has no GPU")]
    [InlineData(1, 2, "nodes have 1 GPU(s), the model needs 2 per executor")]
    [InlineData(2, 2, null)]
    [InlineData(8, 1, null)]
    public void Gpu_PoolMustHaveEnough(int? poolGpus, int modelGpus, string? expected)
    {
        var pool = Pools.Pool("p", TeeTechnology.SevSnp, 4);
        if (poolGpus is { } n)
            pool.Spec.Gpu = new GpuSpec { Vendor = GpuVendor.Nvidia, Model = GpuModel.H100, Count = n };
        var model = Pools.Model("m", gpu: new GpuSpec { Vendor = GpuVendor.Nvidia, Model = GpuModel.H100, Count = modelGpus });
        var why = PoolMatcher.Incompatibility(model.Spec, pool);
        if (expected is null)
            Assert.Null(why);
        else
            Assert.Contains(expected, why, StringComparison.Ordinal);
    }

    [Fact]
    public void AttestationPolicy_DebugOrEmptyMeasurements_AreIncompatible()
    {
        var debug = Pools.Sgx();
        debug.Spec.Attestation.AllowDebug = true;
        Assert.Contains("debug", PoolMatcher.Incompatibility(Pools.Model("m").Spec, debug), StringComparison.Ordinal);
        var empty = Pools.Sgx();
        empty.Spec.Attestation.AllowedMeasurements = [];
        Assert.Contains("no measurement", PoolMatcher.Incompatibility(Pools.Model("m").Spec, empty), StringComparison.Ordinal);
        var deleting = Pools.Sgx();
        deleting.Metadata.DeletionTimestamp = DateTime.UtcNow;
        Assert.Contains("deleted", PoolMatcher.Incompatibility(Pools.Model("m").Spec, deleting), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4, 0, 4, true)]
    [InlineData(4, 1, 4, false)]
    [InlineData(4, 2, 2, true)]
    [InlineData(0, 0, 1, false)]
    [InlineData(5, 5, 0, true)]
    public void Capacity_CountsOtherModelsExecutors(int max, int used, int wanted, bool fits)
    {
        var decision = PoolMatcher.Choose(Pools.Model("m", replicas: wanted, tee: TeeTechnology.Sgx), [Pools.Sgx(maxExecutors: max)],
            new Dictionary<string, int> { ["sgx-dcsv3"] = used }, null);
        Assert.Equal(fits ? PoolDecisionKind.Scheduled : PoolDecisionKind.NoCapacity, decision.Kind);
    }

    [Fact]
    public void NoPools_AndMissingPoolRef_AreNoCompatiblePool()
    {
        Assert.Equal(PoolDecisionKind.NoCompatiblePool, PoolMatcher.Choose(Pools.Model("m"), [], None, null).Kind);
        var missing = PoolMatcher.Choose(Pools.Model("m", poolRef: "nope"), [Pools.Sgx()], None, null);
        Assert.Equal(PoolDecisionKind.NoCompatiblePool, missing.Kind);
        Assert.Contains("'nope' does not exist", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PoolRef_OnlyConsidersThatPool()
    {
        var decision = PoolMatcher.Choose(Pools.Model("m", poolRef: "tdx-dcesv5"), [Pools.Sgx(maxExecutors: 100), Pools.Tdx(maxExecutors: 2)], None, null);
        Assert.Equal("tdx-dcesv5", decision.Pool);
    }

    [Fact]
    public void IncompatibleBeatsFull_WhenNothingFits_TheMessageNamesEachPool()
    {
        var decision = PoolMatcher.Choose(Pools.Model("m", replicas: 3, tee: TeeTechnology.Sgx), [Pools.Sgx(maxExecutors: 2), Pools.Tdx()], None, null);
        Assert.Equal(PoolDecisionKind.NoCapacity, decision.Kind);
        Assert.Contains("sgx-dcsv3: 2 of 2 executor slots free, the model needs 3", decision.Message, StringComparison.Ordinal);
        var none = PoolMatcher.Choose(Pools.Model("m", tee: TeeTechnology.SevSnp), [Pools.Sgx(), Pools.Tdx()], None, null);
        Assert.Equal(PoolDecisionKind.NoCompatiblePool, none.Kind);
        Assert.Contains("sgx-dcsv3: TEE is SGX", none.Message, StringComparison.Ordinal);
        Assert.Contains("tdx-dcesv5: TEE is TDX", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Preference_CpuPoolsForCpuModels_ThenMostFree_ThenName_AndStickiness()
    {
        var gpuPool = Pools.H100(maxExecutors: 100);
        var small = Pools.SevSnp("snp-a", maxExecutors: 4);
        var large = Pools.SevSnp("snp-b", maxExecutors: 10);
        var model = Pools.Model("m", replicas: 1, tee: TeeTechnology.SevSnp);
        Assert.Equal("snp-b", PoolMatcher.Choose(model, [gpuPool, small, large], None, null).Pool);
        Assert.Equal("snp-a", PoolMatcher.Choose(model, [gpuPool, small, large], new Dictionary<string, int> { ["snp-b"] = 8 }, null).Pool);
        Assert.Equal("snp-a", PoolMatcher.Choose(model, [gpuPool, small, large], None, currentPool: "snp-a").Pool);
        Assert.Equal("h100-ncc", PoolMatcher.Choose(model, [gpuPool], None, null).Pool);
        var tie = PoolMatcher.Choose(model, [Pools.SevSnp("z", 4), Pools.SevSnp("a", 4)], None, null);
        Assert.Equal("a", tie.Pool);
        var gpuModel = Pools.Model("g", replicas: 1, gpu: OneH100);
        Assert.Equal("h100-ncc", PoolMatcher.Choose(gpuModel, [small, large, gpuPool], None, null).Pool);
    }

    [Fact]
    public void Choose_IsDeterministic_WhateverThePoolOrder()
    {
        var pools = new List<TeeNodePool> { Pools.Sgx(maxExecutors: 3), Pools.Tdx(maxExecutors: 3), Pools.SevSnp(maxExecutors: 3), Pools.H100(maxExecutors: 3) };
        var model = Pools.Model("m", replicas: 1);
        var expected = PoolMatcher.Choose(model, pools, None, null);
        for (var i = 0; i < 10; i++)
        {
            var shuffled = pools.OrderBy(_ => Random.Shared.Next()).ToList();
            Assert.Equal(expected, PoolMatcher.Choose(model, shuffled, None, null));
        }
    }
}
