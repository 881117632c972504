// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

// Every narrowing cast here is deliberate: byte extraction, two's complement re-interpretation of int8/int32/int64
// payload fields, and values the surrounding code has range-checked.
// forge-lint: disable-start(unsafe-typecast)

import {IOneStepVerifier, StepContext} from "../IOneStepVerifier.sol";
import {OtrMerkle} from "../lib/OtrMerkle.sol";
import {TraceMmr} from "../lib/TraceMmr.sol";
import {Q8Config, Q8ConfigLib} from "./Q8Config.sol";
import {Q8Math} from "./Q8Math.sol";
import {Q8ByteTokenizer} from "./Q8ByteTokenizer.sol";

/// @title Q8OneStepVerifier
/// @notice The one-step verifier of the q8-exact profile (docs/dispute-ops.md): recomputes one fine leaf of one coarse
///         step from inputs the witness opens against the step context's roots. The fine trace layout, the payloads and
///         the witness encoding are specified in docs/dispute-ops.md and generated in C# by `Otr.Inference.Fine`.
contract Q8OneStepVerifier is IOneStepVerifier {
    using Q8ConfigLib for Q8Config;

    /// @notice The witness ended before `offset + needed`.
    error WitnessTruncated(uint256 offset, uint256 needed);
    /// @notice The witness has bytes after the last input.
    error WitnessTrailingBytes(uint256 offset, uint256 length);
    /// @notice The config row does not open against the weights root.
    error ConfigOpeningInvalid();
    /// @notice A weight row does not open against the weights root, or its payload is not (tensor, row, bytes).
    error WeightOpeningInvalid(uint256 tensor, uint256 row);
    /// @notice The (maxTokens, temperatureMilli, seed) in the witness do not hash to ctx.paramsHash.
    error ParamsMismatch();
    /// @notice The token list in the witness does not hash to ctx.tokensHash or has the wrong length.
    error TokensMismatch();
    /// @notice A token id is not below the vocabulary size.
    error TokenOutOfRange(uint256 token);
    /// @notice The request counts are impossible (no prompt or no output token).
    error RequestInvalid(uint256 promptTokens, uint256 outputTokens);
    /// @notice The coarse index is not a leaf of the honest trace.
    error CoarseIndexOutOfRange(uint256 index, uint256 traceLength);
    /// @notice The coarse step's position is outside the model's context.
    error PositionOutOfContext(uint256 position, uint256 context);
    /// @notice The fine index is not a leaf of the coarse step's fine trace.
    error FineIndexOutOfRange(uint256 index, uint256 fineLength);
    /// @notice The peaks do not give the agreed coarse (or fine) prefix root.
    error PeaksInvalid(bool fine);
    /// @notice An earlier coarse leaf does not open against ctx.coarsePrefixRoot.
    error CoarseOpeningInvalid(uint256 index);
    /// @notice An opened coarse leaf is not the payload of (position, step).
    error CoarseLeafMalformed(uint256 index);
    /// @notice An earlier fine leaf does not open against ctx.finePrefixRoot.
    error FineOpeningInvalid(uint256 index);
    /// @notice An opened fine leaf is not the payload of the expected fine step.
    error FineLeafMalformed(uint256 index);
    /// @notice Opened values contradict each other (only possible when both parties agreed to a wrong prefix).
    error InconsistentInputs(uint256 index);

    uint256 internal constant B = 16;
    uint256 internal constant HEADER = 20;
    uint256 internal constant FINE_FLAG = 0x80000000;

    uint256 internal constant OP_EMBED = 1;
    uint256 internal constant OP_NORM1 = 2;
    uint256 internal constant OP_QUERY = 3;
    uint256 internal constant OP_KEY = 4;
    uint256 internal constant OP_VALUE = 5;
    uint256 internal constant OP_SCORE = 6;
    uint256 internal constant OP_SUM = 7;
    uint256 internal constant OP_MIX = 8;
    uint256 internal constant OP_HEAD = 9;
    uint256 internal constant OP_ATTN_OUT = 10;
    uint256 internal constant OP_RESIDUAL = 11;
    uint256 internal constant OP_NORM2 = 12;
    uint256 internal constant OP_UP = 13;
    uint256 internal constant OP_DOWN = 14;
    uint256 internal constant OP_LAYER_OUT = 15;
    uint256 internal constant OP_FINAL_NORM = 16;
    uint256 internal constant OP_LOGITS = 17;
    uint256 internal constant OP_ARGMAX = 18;
    uint256 internal constant OP_SAMPLE_WEIGHT = 19;
    uint256 internal constant OP_PICK = 20;
    uint256 internal constant OP_EMIT = 21;

    /// @dev Everything one call works with; `pos` is the witness cursor.
    struct St {
        Q8Config cfg;
        bytes32 weightsRoot;
        bytes32 tokensHash;
        uint256 n;
        uint256 g;
        uint256 k;
        uint256 i;
        uint256 t;
        uint256 l;
        uint256 temp;
        uint64 seed;
        bytes32[] coarsePeaks;
        bytes32[] finePeaks;
        uint256 pos;
    }

    // ------------------------------------------------------------------------------------------------ interface

    /// @inheritdoc IOneStepVerifier
    function requestContext(bytes calldata promptText, uint32[] calldata outputTokens)
        external
        pure
        returns (uint32 promptTokens, bytes32 tokensHash)
    {
        uint32[] memory prompt = Q8ByteTokenizer.encodePrompt(promptText);
        return (uint32(prompt.length), Q8ByteTokenizer.tokensHash(prompt, outputTokens));
    }

    /// @inheritdoc IOneStepVerifier
    function eosToken(bytes32 weightsRoot, bytes calldata witness) external pure returns (uint32) {
        St memory s;
        s.weightsRoot = weightsRoot;
        _readConfig(witness, s);
        _end(witness, s);
        return uint32(s.cfg.eos);
    }

    /// @inheritdoc IOneStepVerifier
    function expectedTraceLength(bytes32 weightsRoot, uint32 promptTokens, uint32 outputTokens, bytes calldata witness)
        external
        pure
        returns (uint64)
    {
        St memory s;
        s.weightsRoot = weightsRoot;
        _readConfig(witness, s);
        _end(witness, s);
        // No honest trace exists without a prompt token (BOS) or an output token, or when the processed positions
        // 0..n+g-2 do not fit the context: 0 then, which no receipt's traceLength can match.
        if (promptTokens == 0 || outputTokens == 0 || uint256(promptTokens) + outputTokens - 1 > s.cfg.context) {
            return 0;
        }
        return uint64(_traceLength(s.cfg, promptTokens, outputTokens));
    }

    /// @inheritdoc IOneStepVerifier
    function fineLength(StepContext calldata ctx, bytes calldata witness) external pure returns (uint64) {
        St memory s = _open(ctx, witness);
        _end(witness, s);
        return uint64(_fineLength(s));
    }

    /// @inheritdoc IOneStepVerifier
    function fineLeaf(StepContext calldata ctx, bytes calldata witness) external pure returns (bytes32) {
        St memory s = _open(ctx, witness);
        s.i = ctx.fineIndex;
        uint256 len = _fineLength(s);
        if (s.i >= len) revert FineIndexOutOfRange(s.i, len);
        s.coarsePeaks = _hashes(witness, s);
        if (s.coarsePeaks.length != TraceMmr.peakCount(s.k)) revert PeaksInvalid(false);
        if (TraceMmr.rootFromPeaks(uint64(s.k), s.coarsePeaks) != ctx.coarsePrefixRoot) revert PeaksInvalid(false);
        s.finePeaks = _hashes(witness, s);
        if (s.finePeaks.length != TraceMmr.peakCount(s.i)) revert PeaksInvalid(true);
        if (TraceMmr.rootFromPeaks(uint64(s.i), s.finePeaks) != ctx.finePrefixRoot) revert PeaksInvalid(true);
        bytes memory payload = _compute(witness, s);
        _end(witness, s);
        return keccak256(abi.encodePacked(bytes1(0x00), payload));
    }

    // ------------------------------------------------------------------------------------------------ dispatch

    function _compute(bytes calldata w, St memory s) internal pure returns (bytes memory) {
        (uint256 op, uint256 head, uint256 blk) = _fineAt(s, s.i);
        if (op == OP_EMBED) return _embed(w, s);
        if (op == OP_NORM1) return _norm1(w, s);
        if (op <= OP_VALUE) return _project(w, s, op, blk);
        if (op == OP_SCORE) return _score(w, s, head, blk);
        if (op == OP_SUM) return _sum(w, s, head, blk);
        if (op == OP_MIX) return _mix(w, s, head, blk);
        if (op == OP_HEAD) return _head(w, s, head);
        if (op == OP_ATTN_OUT) return _attnOut(w, s, blk);
        if (op == OP_RESIDUAL) return _residual(w, s);
        if (op == OP_NORM2) return _norm2(w, s);
        if (op == OP_UP) return _up(w, s, blk);
        if (op == OP_DOWN) return _down(w, s, blk);
        if (op == OP_LAYER_OUT) return _layerOut(w, s);
        if (op == OP_FINAL_NORM) return _finalNorm(w, s);
        if (op == OP_LOGITS) return _logits(w, s, blk);
        if (op == OP_ARGMAX) return _argmax(w, s, blk);
        if (op == OP_SAMPLE_WEIGHT) return _sampleWeight(w, s, blk);
        if (op == OP_PICK) return _pick(w, s, blk);
        return _emit(w, s);
    }

    // ------------------------------------------------------------------------------------------------ embed

    function _embed(bytes calldata w, St memory s) internal pure returns (bytes memory out) {
        uint256 count = _u(w, s, 4);
        if (count != s.n + s.g) revert TokensMismatch();
        bytes calldata list = _take(w, s, 4 * count);
        if (_hashCalldata(list) != s.tokensHash) revert TokensMismatch();
        uint256 token = uint32(bytes4(list[4 * s.t:4 * s.t + 4]));
        if (token >= s.cfg.vocab) revert TokenOutOfRange(token);
        bytes calldata e = _weight(w, s, Q8ConfigLib.TOK_EMB, token);
        bytes calldata p = _weight(w, s, Q8ConfigLib.POS_EMB, s.t);
        uint256 d = s.cfg.dim;
        out = new bytes(8 + d);
        _putU32(out, 0, s.t);
        _putU32(out, 4, 0);
        for (uint256 i = 0; i < d; i++) {
            _put8(out, 8 + i, Q8Math.clamp8(int256(_i8(e, i)) + _i8(p, i)));
        }
    }

    // ------------------------------------------------------------------------------------------------ layer

    function _norm1(bytes calldata w, St memory s) internal pure returns (bytes memory out) {
        bytes calldata h = _previousHidden(w, s);
        bytes calldata g = _weight(w, s, Q8ConfigLib.layerTensor(s.l, 0), 0);
        out = _withHeader(s, OP_NORM1, 0, 0, Q8Math.rmsNorm(h, g));
    }

    function _project(bytes calldata w, St memory s, uint256 op, uint256 blk) internal pure returns (bytes memory out) {
        bytes memory x = _fine(w, s, OP_NORM1, 0, 0, HEADER + s.cfg.dim)[HEADER:];
        (uint256 m, uint256 sh) = (s.cfg.vM, s.cfg.vS);
        if (op == OP_QUERY) (m, sh) = (s.cfg.qM, s.cfg.qS);
        else if (op == OP_KEY) (m, sh) = (s.cfg.kM, s.cfg.kS);
        out = _rows(w, s, Q8ConfigLib.layerTensor(s.l, op - OP_QUERY + 1), blk, x, (m << 8) | sh);
        _stamp(out, s, op, 0, blk);
    }

    function _score(bytes calldata w, St memory s, uint256 head, uint256 blk) internal pure returns (bytes memory out) {
        int256 running = type(int256).min;
        if (blk > 0) {
            running = _i64(_fine(w, s, OP_SCORE, head, blk - 1, HEADER + 8 + 8 * _blockLen(blk - 1, s.t + 1)), HEADER);
        }
        bytes memory q = _gatherHead(w, s, OP_QUERY, head);
        uint256 len = _blockLen(blk, s.t + 1);
        out = new bytes(HEADER + 8 + 8 * len);
        for (uint256 j = 0; j < len; j++) {
            int256 sj = _scoreOf(w, s, q, blk * B + j, head);
            if (sj > running) running = sj;
            _put64(out, HEADER + 8 + 8 * j, sj);
        }
        _put64(out, HEADER, running);
        _stamp(out, s, OP_SCORE, head, blk);
    }

    /// @dev s_j = scale(q_η · k_{j,η}; Score).
    function _scoreOf(bytes calldata w, St memory s, bytes memory q, uint256 j, uint256 head)
        internal
        pure
        returns (int256)
    {
        return Q8Math.scale(_dotMem(q, _pastHead(w, s, j, head, 1, OP_KEY)), s.cfg.scoreM, s.cfg.scoreS);
    }

    function _sum(bytes calldata w, St memory s, uint256 head, uint256 blk) internal pure returns (bytes memory out) {
        int256[] memory e = _expBlock(w, s, head, blk, false);
        int256 z;
        if (blk > 0) z = _i64(_fine(w, s, OP_SUM, head, blk - 1, HEADER + 8), HEADER);
        for (uint256 j = 0; j < e.length; j++) {
            z += e[j];
        }
        out = new bytes(HEADER + 8);
        _put64(out, HEADER, z);
        _stamp(out, s, OP_SUM, head, blk);
    }

    function _mix(bytes calldata w, St memory s, uint256 head, uint256 blk) internal pure returns (bytes memory out) {
        int256[] memory p = _expBlock(w, s, head, blk, true);
        uint256 dh = s.cfg.headDim;
        int256[] memory acc = new int256[](dh);
        if (blk > 0) {
            bytes calldata prev = _fine(w, s, OP_MIX, head, blk - 1, HEADER + 8 * dh);
            for (uint256 x = 0; x < dh; x++) {
                acc[x] = _i64(prev, HEADER + 8 * x);
            }
        }
        for (uint256 j = 0; j < p.length; j++) {
            bytes memory value = _pastHead(w, s, blk * B + j, head, 2, OP_VALUE);
            for (uint256 x = 0; x < dh; x++) {
                acc[x] += p[j] * int8(uint8(value[x]));
            }
        }
        out = new bytes(HEADER + 8 * dh);
        for (uint256 x = 0; x < dh; x++) {
            _put64(out, HEADER + 8 * x, acc[x]);
        }
        _stamp(out, s, OP_MIX, head, blk);
    }

    /// @dev For the positions of block blk of head `head`: e_j = EXP[min(255, m − s_j)], or with `probs` the
    ///      probabilities p_j = (e_j · 2^P) / Z. Opens EXP, the last score block (m), [the last sum block (Z)] and
    ///      score block blk, in that order.
    function _expBlock(bytes calldata w, St memory s, uint256 head, uint256 blk, bool probs)
        internal
        pure
        returns (int256[] memory e)
    {
        bytes memory expTable = _weight(w, s, Q8ConfigLib.EXP_TABLE, 0);
        int256 m = _lastMax(w, s, head);
        int256 z = 1;
        if (probs) {
            uint256 pb = _blocks(s.t + 1);
            z = _i64(_fine(w, s, OP_SUM, head, pb - 1, HEADER + 8), HEADER);
            if (z <= 0) revert InconsistentInputs(_fineIndex(s, OP_SUM, head, pb - 1));
        }
        e = new int256[](_blockLen(blk, s.t + 1));
        bytes memory cur = _fine(w, s, OP_SCORE, head, blk, HEADER + 8 + 8 * e.length);
        for (uint256 j = 0; j < e.length; j++) {
            e[j] = _exp(expTable, m, _i64m(cur, HEADER + 8 + 8 * j), s);
            if (probs) e[j] = (e[j] * int256(uint256(1) << s.cfg.probShift)) / z;
        }
    }

    function _head(bytes calldata w, St memory s, uint256 head) internal pure returns (bytes memory out) {
        uint256 dh = s.cfg.headDim;
        out = new bytes(HEADER + (head + 1) * dh);
        if (head > 0) {
            bytes calldata prev = _fine(w, s, OP_HEAD, head - 1, 0, HEADER + head * dh);
            for (uint256 x = 0; x < head * dh; x++) {
                out[HEADER + x] = prev[HEADER + x];
            }
        }
        bytes calldata mix = _fine(w, s, OP_MIX, head, _blocks(s.t + 1) - 1, HEADER + 8 * dh);
        for (uint256 x = 0; x < dh; x++) {
            _put8(out, HEADER + head * dh + x, Q8Math.rq(_i64(mix, HEADER + 8 * x), s.cfg.mixM, s.cfg.mixS));
        }
        _stamp(out, s, OP_HEAD, head, 0);
    }

    function _attnOut(bytes calldata w, St memory s, uint256 blk) internal pure returns (bytes memory out) {
        bytes memory o = _fine(w, s, OP_HEAD, s.cfg.heads - 1, 0, HEADER + s.cfg.dim)[HEADER:];
        out = _rows(w, s, Q8ConfigLib.layerTensor(s.l, 4), blk, o, (s.cfg.outM << 8) | s.cfg.outS);
        _stamp(out, s, OP_ATTN_OUT, 0, blk);
    }

    function _residual(bytes calldata w, St memory s) internal pure returns (bytes memory out) {
        bytes calldata h = _previousHidden(w, s);
        bytes memory a = _concat(w, s, OP_ATTN_OUT, s.cfg.dim, 1, 0);
        out = new bytes(HEADER + s.cfg.dim);
        for (uint256 x = 0; x < s.cfg.dim; x++) {
            _put8(out, HEADER + x, Q8Math.clamp8(int256(_i8(h, x)) + int8(uint8(a[x]))));
        }
        _stamp(out, s, OP_RESIDUAL, 0, 0);
    }

    function _norm2(bytes calldata w, St memory s) internal pure returns (bytes memory out) {
        bytes calldata h = _fine(w, s, OP_RESIDUAL, 0, 0, HEADER + s.cfg.dim)[HEADER:];
        bytes calldata g = _weight(w, s, Q8ConfigLib.layerTensor(s.l, 5), 0);
        out = _withHeader(s, OP_NORM2, 0, 0, Q8Math.rmsNorm(h, g));
    }

    function _up(bytes calldata w, St memory s, uint256 blk) internal pure returns (bytes memory out) {
        bytes memory x = _fine(w, s, OP_NORM2, 0, 0, HEADER + s.cfg.dim)[HEADER:];
        bytes memory act = _weight(w, s, Q8ConfigLib.ACT_TABLE, 0);
        bytes memory u = _rows(w, s, Q8ConfigLib.layerTensor(s.l, 6), blk, x, (s.cfg.upM << 8) | s.cfg.upS);
        uint256 len = u.length - HEADER;
        out = new bytes(HEADER + 2 * len);
        for (uint256 r = 0; r < len; r++) {
            out[HEADER + r] = u[HEADER + r];
            out[HEADER + len + r] = act[uint256(int256(int8(uint8(u[HEADER + r]))) + 128)];
        }
        _stamp(out, s, OP_UP, 0, blk);
    }

    function _down(bytes calldata w, St memory s, uint256 blk) internal pure returns (bytes memory out) {
        bytes memory g = _concat(w, s, OP_UP, s.cfg.mlp, 2, 1);
        out = _rows(w, s, Q8ConfigLib.layerTensor(s.l, 7), blk, g, (s.cfg.downM << 8) | s.cfg.downS);
        _stamp(out, s, OP_DOWN, 0, blk);
    }

    function _layerOut(bytes calldata w, St memory s) internal pure returns (bytes memory out) {
        uint256 d = s.cfg.dim;
        bytes calldata h = _fine(w, s, OP_RESIDUAL, 0, 0, HEADER + d)[HEADER:];
        bytes memory dd = _concat(w, s, OP_DOWN, d, 1, 0);
        bytes memory key = _concat(w, s, OP_KEY, d, 1, 0);
        bytes memory value = _concat(w, s, OP_VALUE, d, 1, 0);
        out = new bytes(8 + 3 * d);
        _putU32(out, 0, s.t);
        _putU32(out, 4, s.l);
        for (uint256 x = 0; x < d; x++) {
            _put8(out, 8 + x, Q8Math.clamp8(int256(_i8(h, x)) + int8(uint8(dd[x]))));
            out[8 + d + x] = key[x];
            out[8 + 2 * d + x] = value[x];
        }
    }

    // ------------------------------------------------------------------------------------------------ emit

    function _finalNorm(bytes calldata w, St memory s) internal pure returns (bytes memory out) {
        bytes calldata h = _previousHidden(w, s);
        bytes calldata g = _weight(w, s, s.cfg.finalNorm(), 0);
        out = _withHeader(s, OP_FINAL_NORM, 0, 0, Q8Math.rmsNorm(h, g));
    }

    function _logits(bytes calldata w, St memory s, uint256 blk) internal pure returns (bytes memory out) {
        bytes memory x = _fine(w, s, OP_FINAL_NORM, 0, 0, HEADER + s.cfg.dim)[HEADER:];
        uint256 fn = s.cfg.finalNorm();
        bytes calldata bias = _weight(w, s, fn + 2, 0);
        (uint256 lo, uint256 len) = _block(blk, s.cfg.vocab);
        out = new bytes(HEADER + 4 * len);
        for (uint256 r = 0; r < len; r++) {
            int256 z = _dotMem(_weight(w, s, fn + 1, lo + r), x) + _i32(bias, 4 * (lo + r));
            _putU32(out, HEADER + 4 * r, uint256(uint32(int32(z))));
        }
        _stamp(out, s, OP_LOGITS, 0, blk);
    }

    function _argmax(bytes calldata w, St memory s, uint256 blk) internal pure returns (bytes memory out) {
        (uint256 lo, uint256 len) = _block(blk, s.cfg.vocab);
        bytes calldata z = _fine(w, s, OP_LOGITS, 0, blk, HEADER + 4 * len);
        int256 best = _i32(z, HEADER);
        uint256 index = 0;
        if (blk > 0) (best, index) = _previousArgmax(w, s, blk - 1);
        for (uint256 r = 0; r < len; r++) {
            int256 v = _i32(z, HEADER + 4 * r);
            if (v > best) (best, index) = (v, lo + r);
        }
        out = new bytes(HEADER + 8);
        _putU32(out, HEADER, uint256(uint32(int32(best))));
        _putU32(out, HEADER + 4, index);
        _stamp(out, s, OP_ARGMAX, 0, blk);
    }

    function _previousArgmax(bytes calldata w, St memory s, uint256 blk) internal pure returns (int256, uint256) {
        bytes calldata prev = _fine(w, s, OP_ARGMAX, 0, blk, HEADER + 8);
        return (_i32(prev, HEADER), uint32(bytes4(prev[HEADER + 4:HEADER + 8])));
    }

    function _sampleWeight(bytes calldata w, St memory s, uint256 blk) internal pure returns (bytes memory out) {
        (int256[] memory weights,) = _weightsBlock(w, s, blk, false);
        int256 total;
        if (blk > 0) total = _i64(_fine(w, s, OP_SAMPLE_WEIGHT, 0, blk - 1, HEADER + 8), HEADER);
        for (uint256 r = 0; r < weights.length; r++) {
            total += weights[r];
        }
        out = new bytes(HEADER + 8);
        _put64(out, HEADER, total);
        _stamp(out, s, OP_SAMPLE_WEIGHT, 0, blk);
    }

    function _pick(bytes calldata w, St memory s, uint256 blk) internal pure returns (bytes memory out) {
        (int256[] memory weights, int256 total) = _weightsBlock(w, s, blk, true);
        int256 cumulative;
        int256 chosen = -1;
        if (blk > 0) {
            bytes calldata prev = _fine(w, s, OP_PICK, 0, blk - 1, HEADER + 12);
            cumulative = _i64(prev, HEADER);
            chosen = _i32(prev, HEADER + 8);
        }
        int256 r = int256(uint256(Q8Math.splitMix64(s.seed, uint64(s.t))) % uint256(total));
        for (uint256 x = 0; x < weights.length && chosen < 0; x++) {
            cumulative += weights[x];
            if (cumulative > r) chosen = int256(blk * B + x);
        }
        out = new bytes(HEADER + 12);
        _put64(out, HEADER, cumulative);
        _putU32(out, HEADER + 8, uint256(uint32(int32(chosen))));
        _stamp(out, s, OP_PICK, 0, blk);
    }

    /// @dev Sampling weights w_v = SEXP[min(255, ((zmax − z_v) · S) / T)] of logits block blk; with `withTotal` also
    ///      W from the last sample-weight block. Opens SEXP, the last argmax block, [the last sample-weight block],
    ///      logits block blk, in that order.
    function _weightsBlock(bytes calldata w, St memory s, uint256 blk, bool withTotal)
        internal
        pure
        returns (int256[] memory weights, int256 total)
    {
        bytes memory table = _weight(w, s, Q8ConfigLib.SAMPLE_EXP_TABLE, 0);
        int256 zmax = _i32(_fine(w, s, OP_ARGMAX, 0, _blocks(s.cfg.vocab) - 1, HEADER + 8), HEADER);
        if (withTotal) {
            uint256 last = _blocks(s.cfg.vocab) - 1;
            total = _i64(_fine(w, s, OP_SAMPLE_WEIGHT, 0, last, HEADER + 8), HEADER);
            if (total <= 0) revert InconsistentInputs(_fineIndex(s, OP_SAMPLE_WEIGHT, 0, last));
        }
        weights = new int256[](_blockLen(blk, s.cfg.vocab));
        bytes memory z = _fine(w, s, OP_LOGITS, 0, blk, HEADER + 4 * weights.length);
        for (uint256 r = 0; r < weights.length; r++) {
            weights[r] = _sampleWeightOf(table, zmax, _i32m(z, HEADER + 4 * r), s);
        }
    }

    function _emit(bytes calldata w, St memory s) internal pure returns (bytes memory out) {
        uint256 nb = _blocks(s.cfg.vocab);
        uint256 token;
        if (s.temp == 0) {
            bytes calldata last = _fine(w, s, OP_ARGMAX, 0, nb - 1, HEADER + 8);
            token = uint32(bytes4(last[HEADER + 4:HEADER + 8]));
        } else {
            int256 chosen = _i32(_fine(w, s, OP_PICK, 0, nb - 1, HEADER + 12), HEADER + 8);
            if (chosen < 0) revert InconsistentInputs(_fineIndex(s, OP_PICK, 0, nb - 1));
            token = uint256(chosen);
        }
        out = new bytes(12);
        _putU32(out, 0, s.t);
        _putU32(out, 4, s.l);
        _putU32(out, 8, token);
    }

    // ------------------------------------------------------------------------------------------------ op helpers

    /// @dev h of coarse leaf k − 1 = (t, l − 1): the layer input (or, at the emit step, h_L).
    function _previousHidden(bytes calldata w, St memory s) internal pure returns (bytes calldata) {
        uint256 prevStep = s.l - 1;
        uint256 len = prevStep == 0 ? 8 + s.cfg.dim : 8 + 3 * s.cfg.dim;
        return _coarse(w, s, s.t, prevStep, len)[8:8 + s.cfg.dim];
    }

    /// @dev Head `head` of the key (part 1) or value (part 2) of position j: from coarse leaf (j, l) for j < t,
    ///      from this step's key/value blocks for j = t.
    function _pastHead(bytes calldata w, St memory s, uint256 j, uint256 head, uint256 part, uint256 op)
        internal
        pure
        returns (bytes memory)
    {
        if (j < s.t) {
            uint256 d = s.cfg.dim;
            uint256 from = 8 + part * d + head * s.cfg.headDim;
            return _coarse(w, s, j, s.l, 8 + 3 * d)[from:from + s.cfg.headDim];
        }
        return _gatherHead(w, s, op, head);
    }

    /// @dev The running maximum of head `head` after its last score block.
    function _lastMax(bytes calldata w, St memory s, uint256 head) internal pure returns (int256) {
        uint256 pb = _blocks(s.t + 1);
        return _i64(_fine(w, s, OP_SCORE, head, pb - 1, HEADER + 8 + 8 * _blockLen(pb - 1, s.t + 1)), HEADER);
    }

    /// @dev EXP[min(255, m − s_j)].
    function _exp(bytes memory table, int256 m, int256 sj, St memory s) internal pure returns (int256) {
        int256 gap = m - sj;
        if (gap < 0) revert InconsistentInputs(s.i);
        uint256 index = gap > 255 ? 255 : uint256(gap);
        return _i32m(table, 4 * index);
    }

    /// @dev SEXP[min(255, ((zmax − z) · S) / T)].
    function _sampleWeightOf(bytes memory table, int256 zmax, int256 z, St memory s) internal pure returns (int256) {
        int256 gap = zmax - z;
        if (gap < 0) revert InconsistentInputs(s.i);
        uint256 dist = (uint256(gap) * s.cfg.sampleScale) / s.temp;
        return _i32m(table, 4 * (dist > 255 ? 255 : dist));
    }

    /// @dev The `dh` values of head `head` assembled from the fine blocks of op (query, key or value) covering it.
    function _gatherHead(bytes calldata w, St memory s, uint256 op, uint256 head)
        internal
        pure
        returns (bytes memory out)
    {
        uint256 first = head * s.cfg.headDim;
        out = new bytes(s.cfg.headDim);
        for (uint256 b = first / B; b <= (first + s.cfg.headDim - 1) / B; b++) {
            bytes memory values = _blockValues(w, s, op, b, s.cfg.dim, 1, 0);
            for (uint256 r = 0; r < values.length; r++) {
                uint256 col = b * B + r;
                if (col >= first && col < first + out.length) out[col - first] = values[r];
            }
        }
    }

    /// @dev All `rows` values of a blocked op (see _blockValues).
    function _concat(bytes calldata w, St memory s, uint256 op, uint256 rows, uint256 mul, uint256 off)
        internal
        pure
        returns (bytes memory out)
    {
        out = new bytes(rows);
        for (uint256 b = 0; b < _blocks(rows); b++) {
            bytes memory values = _blockValues(w, s, op, b, rows, mul, off);
            for (uint256 r = 0; r < values.length; r++) {
                out[b * B + r] = values[r];
            }
        }
    }

    /// @dev Opens block b of a blocked op over `rows` rows, whose payload is HEADER + mul·len long with the len
    ///      values at HEADER + off·len, and returns the values.
    function _blockValues(bytes calldata w, St memory s, uint256 op, uint256 b, uint256 rows, uint256 mul, uint256 off)
        internal
        pure
        returns (bytes memory)
    {
        uint256 len = _blockLen(b, rows);
        return _fine(w, s, op, 0, b, HEADER + mul * len)[HEADER + off * len:HEADER + (off + 1) * len];
    }

    /// @dev Block `blk` of rq(W·x; m, sh) over the rows of matrix `tensor`, `rqc` = m · 2^8 + sh; header left blank.
    function _rows(bytes calldata w, St memory s, uint256 tensor, uint256 blk, bytes memory x, uint256 rqc)
        internal
        pure
        returns (bytes memory out)
    {
        (, uint256 rows,) = s.cfg.geometry(tensor);
        uint256 len = _blockLen(blk, rows);
        out = new bytes(HEADER + len);
        for (uint256 r = 0; r < len; r++) {
            int256 acc = _dotMem(_weight(w, s, tensor, blk * B + r), x);
            _put8(out, HEADER + r, Q8Math.rq(acc, rqc >> 8, rqc & 0xff));
        }
    }

    /// @dev Σ a_c · b_c over int8 vectors of equal length.
    function _dotMem(bytes memory a, bytes memory b) internal pure returns (int256 acc) {
        if (a.length != b.length) revert InconsistentInputs(a.length);
        for (uint256 c = 0; c < a.length; c++) {
            acc += int256(int8(uint8(a[c]))) * int8(uint8(b[c]));
        }
    }

    // ------------------------------------------------------------------------------------------------ openings

    /// @dev Reads and checks the config opening and the decoding parameters, locates the coarse step.
    function _open(StepContext calldata ctx, bytes calldata w) internal pure returns (St memory s) {
        s.weightsRoot = ctx.weightsRoot;
        s.tokensHash = ctx.tokensHash;
        _readConfig(w, s);
        uint256 maxTokens = _u(w, s, 4);
        s.temp = _u(w, s, 4);
        s.seed = uint64(_u(w, s, 8));
        if (keccak256(abi.encode(uint32(maxTokens), uint32(s.temp), s.seed)) != ctx.paramsHash) {
            revert ParamsMismatch();
        }
        s.n = ctx.promptTokens;
        s.g = ctx.outputTokens;
        if (s.n == 0 || s.g == 0) revert RequestInvalid(s.n, s.g);
        s.k = ctx.coarseIndex;
        uint256 total = _traceLength(s.cfg, s.n, s.g);
        if (s.k >= total) revert CoarseIndexOutOfRange(s.k, total);
        (s.t, s.l) = _locate(s.cfg, s.n, s.k);
        if (s.t >= s.cfg.context) revert PositionOutOfContext(s.t, s.cfg.context);
    }

    function _readConfig(bytes calldata w, St memory s) internal pure {
        bytes calldata payload = _bytes(w, s);
        bytes32[] memory proof = _hashes(w, s);
        if (payload.length != 8 + 4 * Q8ConfigLib.CONFIG_LENGTH || bytes8(payload[0:8]) != bytes8(0)) {
            revert ConfigOpeningInvalid();
        }
        s.cfg = Q8ConfigLib.parse(payload[8:]);
        if (!_merkle(s.weightsRoot, s.cfg.leafCount, _leafCalldata(payload), 0, proof)) revert ConfigOpeningInvalid();
    }

    /// @dev Opens row `row` of tensor `tensor` against the weights root; returns the row bytes.
    function _weight(bytes calldata w, St memory s, uint256 tensor, uint256 row)
        internal
        pure
        returns (bytes calldata)
    {
        bytes calldata payload = _bytes(w, s);
        bytes32[] memory proof = _hashes(w, s);
        (uint256 first, uint256 rows, uint256 rowBytes) = s.cfg.geometry(tensor);
        if (row >= rows || payload.length != 8 + rowBytes) revert WeightOpeningInvalid(tensor, row);
        if (uint32(bytes4(payload[0:4])) != tensor || uint32(bytes4(payload[4:8])) != row) {
            revert WeightOpeningInvalid(tensor, row);
        }
        if (!_merkle(s.weightsRoot, s.cfg.leafCount, _leafCalldata(payload), first + row, proof)) {
            revert WeightOpeningInvalid(tensor, row);
        }
        return payload[8:];
    }

    /// @dev Opens coarse leaf (j, step) against the coarse prefix root; checks its header and length.
    function _coarse(bytes calldata w, St memory s, uint256 j, uint256 step, uint256 len)
        internal
        pure
        returns (bytes calldata payload)
    {
        uint256 index = _coarseIndex(s.cfg, s.n, j, step);
        payload = _bytes(w, s);
        bytes32[] memory siblings = _hashes(w, s);
        if (!_mmr(_leafCalldata(payload), s.k, index, siblings, s.coarsePeaks)) revert CoarseOpeningInvalid(index);
        if (payload.length != len || uint32(bytes4(payload[0:4])) != j || uint32(bytes4(payload[4:8])) != step) {
            revert CoarseLeafMalformed(index);
        }
    }

    /// @dev Opens fine leaf (op, head, blk) of this coarse step against the fine prefix root; checks header and length.
    function _fine(bytes calldata w, St memory s, uint256 op, uint256 head, uint256 blk, uint256 len)
        internal
        pure
        returns (bytes calldata payload)
    {
        uint256 index = _fineIndex(s, op, head, blk);
        payload = _bytes(w, s);
        bytes32[] memory siblings = _hashes(w, s);
        if (!_mmr(_leafCalldata(payload), s.i, index, siblings, s.finePeaks)) revert FineOpeningInvalid(index);
        if (
            payload.length != len || uint32(bytes4(payload[0:4])) != s.t
                || uint32(bytes4(payload[4:8])) != FINE_FLAG | s.l || uint32(bytes4(payload[8:12])) != op
                || uint32(bytes4(payload[12:16])) != head || uint32(bytes4(payload[16:20])) != blk
        ) revert FineLeafMalformed(index);
    }

    function _merkle(bytes32 root, uint256 count, bytes32 leaf, uint256 index, bytes32[] memory proof)
        internal
        pure
        returns (bool)
    {
        if (index >= count || proof.length != OtrMerkle.depth(count)) return false;
        bytes32 h = leaf;
        for (uint256 x = 0; x < proof.length; x++) {
            h = (index >> x) & 1 == 0 ? OtrMerkle.node(h, proof[x]) : OtrMerkle.node(proof[x], h);
        }
        return h == root;
    }

    /// @dev Leaf `index` of an n-leaf MMR prefix whose peaks were already checked against its root.
    function _mmr(bytes32 leaf, uint256 n, uint256 index, bytes32[] memory siblings, bytes32[] memory peaks)
        internal
        pure
        returns (bool)
    {
        if (index >= n) return false;
        (uint256 peak, uint256 height, uint64 start) = TraceMmr.locatePeak(uint64(n), uint64(index));
        if (siblings.length != height) return false;
        uint256 local = index - start;
        bytes32 h = leaf;
        for (uint256 x = 0; x < height; x++) {
            h = (local >> x) & 1 == 0 ? OtrMerkle.node(h, siblings[x]) : OtrMerkle.node(siblings[x], h);
        }
        return h == peaks[peak];
    }

    // ------------------------------------------------------------------------------------------------ layout

    function _traceLength(Q8Config memory c, uint256 n, uint256 g) internal pure returns (uint256) {
        return (n + g - 1) * (c.layers + 1) + g;
    }

    function _coarseIndex(Q8Config memory c, uint256 n, uint256 t, uint256 step) internal pure returns (uint256) {
        uint256 emitsBefore = t + 1 > n ? t + 1 - n : 0;
        return t * (c.layers + 1) + emitsBefore + step;
    }

    function _locate(Q8Config memory c, uint256 n, uint256 k) internal pure returns (uint256 t, uint256 step) {
        uint256 per = c.layers + 1;
        uint256 silent = (n - 1) * per;
        if (k < silent) return (k / per, k % per);
        uint256 rest = k - silent;
        return (n - 1 + rest / (per + 1), rest % (per + 1));
    }

    function _blocks(uint256 count) internal pure returns (uint256) {
        return (count + B - 1) / B;
    }

    function _block(uint256 blk, uint256 count) internal pure returns (uint256 lo, uint256 len) {
        lo = blk * B;
        len = count - lo < B ? count - lo : B;
    }

    function _blockLen(uint256 blk, uint256 count) internal pure returns (uint256 len) {
        (, len) = _block(blk, count);
    }

    function _fineLength(St memory s) internal pure returns (uint256) {
        if (s.l == 0) return 1;
        if (s.l == s.cfg.layers + 1) {
            uint256 nbV = _blocks(s.cfg.vocab);
            return s.temp == 0 ? 2 + 2 * nbV : 2 + 4 * nbV;
        }
        return _fineIndex(s, OP_LAYER_OUT, 0, 0) + 1;
    }

    function _fineIndex(St memory s, uint256 op, uint256 head, uint256 blk) internal pure returns (uint256) {
        if (op >= OP_FINAL_NORM) {
            uint256 nbV = _blocks(s.cfg.vocab);
            if (op == OP_FINAL_NORM) return 0;
            return 1 + (op - OP_LOGITS) * nbV + blk;
        }
        uint256 nbD = _blocks(s.cfg.dim);
        uint256 nbF = _blocks(s.cfg.mlp);
        uint256 p = _blocks(s.t + 1);
        uint256 attn = 1 + 3 * nbD;
        uint256 wo = attn + s.cfg.heads * (3 * p + 1);
        if (op <= OP_NORM1) return 0;
        if (op <= OP_VALUE) return 1 + (op - OP_QUERY) * nbD + blk;
        if (op <= OP_MIX) return attn + head * (3 * p + 1) + (op - OP_SCORE) * p + blk;
        if (op == OP_HEAD) return attn + head * (3 * p + 1) + 3 * p;
        if (op == OP_ATTN_OUT) return wo + blk;
        if (op == OP_RESIDUAL) return wo + nbD;
        if (op == OP_NORM2) return wo + nbD + 1;
        if (op == OP_UP) return wo + nbD + 2 + blk;
        if (op == OP_DOWN) return wo + nbD + 2 + nbF + blk;
        return wo + 2 * nbD + 2 + nbF;
    }

    /// @dev (op, head, block) of fine index i (i < fine length).
    function _fineAt(St memory s, uint256 i) internal pure returns (uint256, uint256, uint256) {
        if (s.l == 0) return (OP_EMBED, 0, 0);
        if (s.l == s.cfg.layers + 1) {
            if (i == _fineLength(s) - 1) return (OP_EMIT, 0, 0);
            if (i == 0) return (OP_FINAL_NORM, 0, 0);
            uint256 nbV = _blocks(s.cfg.vocab);
            return (OP_LOGITS + (i - 1) / nbV, 0, (i - 1) % nbV);
        }
        uint256 nbD = _blocks(s.cfg.dim);
        if (i == 0) return (OP_NORM1, 0, 0);
        uint256 r = i - 1;
        if (r < 3 * nbD) return (OP_QUERY + r / nbD, 0, r % nbD);
        r -= 3 * nbD;
        uint256 p = _blocks(s.t + 1);
        uint256 perHead = 3 * p + 1;
        if (r < s.cfg.heads * perHead) {
            uint256 within = r % perHead;
            if (within == 3 * p) return (OP_HEAD, r / perHead, 0);
            return (OP_SCORE + within / p, r / perHead, within % p);
        }
        r -= s.cfg.heads * perHead;
        if (r < nbD) return (OP_ATTN_OUT, 0, r);
        r -= nbD;
        if (r == 0) return (OP_RESIDUAL, 0, 0);
        if (r == 1) return (OP_NORM2, 0, 0);
        r -= 2;
        uint256 nbF = _blocks(s.cfg.mlp);
        if (r < nbF) return (OP_UP, 0, r);
        r -= nbF;
        if (r < nbD) return (OP_DOWN, 0, r);
        return (OP_LAYER_OUT, 0, 0);
    }

    // ------------------------------------------------------------------------------------------------ bytes

    function _take(bytes calldata w, St memory s, uint256 len) internal pure returns (bytes calldata out) {
        if (w.length < s.pos + len) revert WitnessTruncated(s.pos, len);
        out = w[s.pos:s.pos + len];
        s.pos += len;
    }

    function _u(bytes calldata w, St memory s, uint256 size) internal pure returns (uint256 v) {
        bytes calldata b = _take(w, s, size);
        for (uint256 x = 0; x < size; x++) {
            v = (v << 8) | uint8(b[x]);
        }
    }

    function _bytes(bytes calldata w, St memory s) internal pure returns (bytes calldata) {
        return _take(w, s, _u(w, s, 4));
    }

    function _hashes(bytes calldata w, St memory s) internal pure returns (bytes32[] memory out) {
        uint256 count = _u(w, s, 1);
        bytes calldata raw = _take(w, s, 32 * count);
        out = new bytes32[](count);
        for (uint256 x = 0; x < count; x++) {
            out[x] = bytes32(raw[32 * x:32 * x + 32]);
        }
    }

    function _end(bytes calldata w, St memory s) internal pure {
        if (s.pos != w.length) revert WitnessTrailingBytes(s.pos, w.length);
    }

    function _leafCalldata(bytes calldata payload) internal pure returns (bytes32 h) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore8(m, 0x00)
            calldatacopy(add(m, 1), payload.offset, payload.length)
            h := keccak256(m, add(payload.length, 1))
        }
    }

    function _hashCalldata(bytes calldata data) internal pure returns (bytes32 h) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            calldatacopy(m, data.offset, data.length)
            h := keccak256(m, data.length)
        }
    }

    function _i8(bytes calldata b, uint256 o) internal pure returns (int8) {
        return int8(uint8(b[o]));
    }

    function _i32(bytes calldata b, uint256 o) internal pure returns (int256) {
        return int32(uint32(bytes4(b[o:o + 4])));
    }

    function _i64(bytes calldata b, uint256 o) internal pure returns (int256) {
        return int64(uint64(bytes8(b[o:o + 8])));
    }

    function _i32m(bytes memory b, uint256 o) internal pure returns (int256 v) {
        assembly ("memory-safe") {
            v := signextend(3, shr(224, mload(add(add(b, 32), o))))
        }
    }

    function _i64m(bytes memory b, uint256 o) internal pure returns (int256 v) {
        assembly ("memory-safe") {
            v := signextend(7, shr(192, mload(add(add(b, 32), o))))
        }
    }

    function _withHeader(St memory s, uint256 op, uint256 head, uint256 blk, bytes memory data)
        internal
        pure
        returns (bytes memory out)
    {
        out = bytes.concat(new bytes(HEADER), data);
        _stamp(out, s, op, head, blk);
    }

    /// @dev Writes the fine header uint32 t ‖ uint32 (FLAG | l) ‖ uint32 op ‖ uint32 head ‖ uint32 block.
    function _stamp(bytes memory out, St memory s, uint256 op, uint256 head, uint256 blk) internal pure {
        _putU32(out, 0, s.t);
        _putU32(out, 4, FINE_FLAG | s.l);
        _putU32(out, 8, op);
        _putU32(out, 12, head);
        _putU32(out, 16, blk);
    }

    function _putU32(bytes memory out, uint256 o, uint256 v) internal pure {
        out[o] = bytes1(uint8(v >> 24));
        out[o + 1] = bytes1(uint8(v >> 16));
        out[o + 2] = bytes1(uint8(v >> 8));
        out[o + 3] = bytes1(uint8(v));
    }

    function _put64(bytes memory out, uint256 o, int256 v) internal pure {
        uint64 u = uint64(int64(v));
        for (uint256 x = 0; x < 8; x++) {
            out[o + x] = bytes1(uint8(u >> (56 - 8 * x)));
        }
    }

    function _put8(bytes memory out, uint256 o, int256 v) internal pure {
        out[o] = bytes1(uint8(int8(v)));
    }
}
// forge-lint: disable-end(unsafe-typecast)
