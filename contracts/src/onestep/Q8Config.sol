// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

// Every narrowing cast here is deliberate: byte extraction, two's complement re-interpretation of int8/int32/int64
// payload fields, and values the surrounding code has range-checked.
// forge-lint: disable-start(unsafe-typecast)

/// @notice The q8-exact model config (tensor 0 of the weights root, docs/q8-exact.md) and derived sizes.
struct Q8Config {
    uint256 vocab;
    uint256 dim;
    uint256 heads;
    uint256 layers;
    uint256 mlp;
    uint256 context;
    uint256 eos;
    uint256 qM;
    uint256 qS;
    uint256 kM;
    uint256 kS;
    uint256 vM;
    uint256 vS;
    uint256 scoreM;
    uint256 scoreS;
    uint256 probShift;
    uint256 mixM;
    uint256 mixS;
    uint256 outM;
    uint256 outS;
    uint256 upM;
    uint256 upS;
    uint256 downM;
    uint256 downS;
    uint256 sampleScale;
    /// @dev D / H.
    uint256 headDim;
    /// @dev Number of row leaves of the weights tree.
    uint256 leafCount;
}

/// @title Q8ConfigLib
/// @notice Parses the config row and maps (tensor, row) to weights-tree leaves (docs/encodings.md "Weights root":
///         one leaf per row, tensors in canonical order).
library Q8ConfigLib {
    /// @notice The config row bytes are not 26 int32 values of a supported layout.
    error ConfigUnsupported(uint256 field, int256 value);

    uint256 internal constant CONFIG_LENGTH = 26;
    uint256 internal constant EXP_TABLE = 1;
    uint256 internal constant ACT_TABLE = 2;
    uint256 internal constant SAMPLE_EXP_TABLE = 3;
    uint256 internal constant TOK_EMB = 4;
    uint256 internal constant POS_EMB = 5;
    uint256 internal constant FIRST_LAYER = 6;

    /// @notice Parses the 104 row bytes (26 big-endian int32) and checks the ranges docs/q8-exact.md allows.
    function parse(bytes calldata row) internal pure returns (Q8Config memory c) {
        uint256[26] memory v;
        for (uint256 i = 0; i < CONFIG_LENGTH; i++) {
            int256 x = int32(uint32(bytes4(row[4 * i:4 * i + 4])));
            if (x < 0) revert ConfigUnsupported(i, x);
            v[i] = uint256(x);
        }
        if (v[0] != 1) revert ConfigUnsupported(0, int256(v[0]));
        c.vocab = v[1];
        c.dim = v[2];
        c.heads = v[3];
        c.layers = v[4];
        c.mlp = v[5];
        c.context = v[6];
        c.eos = v[7];
        c.qM = v[8];
        c.qS = v[9];
        c.kM = v[10];
        c.kS = v[11];
        c.vM = v[12];
        c.vS = v[13];
        c.scoreM = v[14];
        c.scoreS = v[15];
        c.probShift = v[16];
        c.mixM = v[17];
        c.mixS = v[18];
        c.outM = v[19];
        c.outS = v[20];
        c.upM = v[21];
        c.upS = v[22];
        c.downM = v[23];
        c.downS = v[24];
        c.sampleScale = v[25];
        if (c.vocab < 2) revert ConfigUnsupported(1, int256(c.vocab));
        if (c.dim == 0) revert ConfigUnsupported(2, int256(c.dim));
        if (c.heads == 0 || c.dim % c.heads != 0) revert ConfigUnsupported(3, int256(c.heads));
        if (c.layers == 0) revert ConfigUnsupported(4, int256(c.layers));
        if (c.mlp == 0) revert ConfigUnsupported(5, int256(c.mlp));
        if (c.context == 0) revert ConfigUnsupported(6, int256(c.context));
        for (uint256 i = 9; i <= 24; i += 2) {
            if (i != 17 && v[i] > 40) revert ConfigUnsupported(i, int256(v[i]));
        }
        if (c.probShift > 16) revert ConfigUnsupported(16, int256(c.probShift));
        c.headDim = c.dim / c.heads;
        c.leafCount = 4 + 2 * c.vocab + c.context + c.layers * layerLeaves(c) + 2;
    }

    /// @notice Row leaves per layer: attn_norm, wq, wk, wv, wo (D rows each), mlp_norm, w1 (F rows), w2 (D rows).
    function layerLeaves(Q8Config memory c) internal pure returns (uint256) {
        return 2 + 5 * c.dim + c.mlp;
    }

    /// @notice Index of tensor `slot` (0..7) of layer `l` (1-based).
    function layerTensor(uint256 l, uint256 slot) internal pure returns (uint256) {
        return FIRST_LAYER + (l - 1) * 8 + slot;
    }

    /// @notice Index of final_norm (w_out and head_bias follow).
    function finalNorm(Q8Config memory c) internal pure returns (uint256) {
        return FIRST_LAYER + 8 * c.layers;
    }

    /// @notice Where tensor `tensor`'s rows start among the leaves, how many rows it has, and its row byte length.
    function geometry(Q8Config memory c, uint256 tensor)
        internal
        pure
        returns (uint256 first, uint256 rows, uint256 rowBytes)
    {
        if (tensor == 0) return (0, 1, 4 * CONFIG_LENGTH);
        if (tensor == EXP_TABLE) return (1, 1, 4 * 256);
        if (tensor == ACT_TABLE) return (2, 1, 256);
        if (tensor == SAMPLE_EXP_TABLE) return (3, 1, 4 * 256);
        if (tensor == TOK_EMB) return (4, c.vocab, c.dim);
        if (tensor == POS_EMB) return (4 + c.vocab, c.context, c.dim);
        uint256 layersStart = 4 + c.vocab + c.context;
        uint256 fn = finalNorm(c);
        if (tensor < fn) {
            uint256 l = (tensor - FIRST_LAYER) / 8;
            uint256 slot = (tensor - FIRST_LAYER) % 8;
            uint256 base = layersStart + l * layerLeaves(c);
            uint256 d = c.dim;
            if (slot == 0) return (base, 1, d);
            if (slot <= 4) return (base + 1 + (slot - 1) * d, d, d);
            if (slot == 5) return (base + 1 + 4 * d, 1, d);
            if (slot == 6) return (base + 2 + 4 * d, c.mlp, d);
            return (base + 2 + 4 * d + c.mlp, d, c.mlp);
        }
        uint256 tail = layersStart + c.layers * layerLeaves(c);
        if (tensor == fn) return (tail, 1, c.dim);
        if (tensor == fn + 1) return (tail + 1, c.vocab, c.dim);
        return (tail + 1 + c.vocab, 1, 4 * c.vocab);
    }
}
// forge-lint: disable-end(unsafe-typecast)
