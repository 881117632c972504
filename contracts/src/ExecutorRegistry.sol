// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IAttestationVerifier} from "./IAttestationVerifier.sol";
import {ModelRegistry} from "./ModelRegistry.sol";
import {
    EnclaveKeyAlreadyRegistered,
    InsufficientStake,
    InvalidAttestation,
    MeasurementNotAllowed,
    TransferFailed,
    Unauthorized,
    UnknownEnclaveKey,
    UnknownModel,
    ZeroAddress,
    ZeroStake
} from "./Errors.sol";

/// @title ExecutorRegistry
/// @notice Binds enclave keys to models (PoEA (a)–(c)). An operator registers the secp256k1 key its TEE
///         generated, for one model, with stake and attestation evidence; the registry accepts it only when the
///         measurement is on the owner's allow-list and the verifier accepts the evidence as binding that key,
///         that measurement and the model's registered weights root. A key serves exactly one model.
/// @dev Measurements are allowed globally, not per model: a measurement identifies the executor image, and the
///      model binding comes from the weights root inside the evidence. Stake is locked (unbonding and withdrawal
///      are not built); the dispute game may slash it (`slash`), which sends the whole stake of the key to the
///      game. `totalStaked` equals the sum of all registrations' stake, and the contract holds exactly that much
///      ether (nothing else can send it ether).
contract ExecutorRegistry is Ownable {
    /// @notice One enclave key's registration.
    /// @param operator The account that registered the key and owns its stake.
    /// @param modelId The model the key serves.
    /// @param measurement The executor image measurement the evidence attested.
    /// @param stake Wei staked behind the key.
    /// @param registeredAt Block timestamp of the registration (non-zero for every registered key).
    struct Registration {
        address operator;
        uint64 registeredAt;
        bytes32 modelId;
        bytes32 measurement;
        uint256 stake;
    }

    /// @notice Where model ids and weights roots come from.
    ModelRegistry public immutable models;

    /// @notice The attestation verifier every registration must pass.
    IAttestationVerifier public immutable verifier;

    /// @notice Minimum stake in wei per registration.
    uint256 public immutable minStake;

    /// @notice Sum of the stake of every registration, in wei.
    uint256 public totalStaked;

    /// @notice The only account that may slash stake (the dispute game); zero until the owner sets it.
    address public disputeGame;

    /// @notice Executor image measurements the owner allows.
    mapping(bytes32 measurement => bool) public allowedMeasurement;

    mapping(address enclaveKey => Registration) private _registrations;

    /// @notice The owner allowed or disallowed a measurement.
    /// @param measurement The measurement.
    /// @param allowed Whether new registrations may use it.
    event MeasurementAllowed(bytes32 indexed measurement, bool allowed);

    /// @notice An enclave key was registered.
    /// @param enclaveKey The enclave key's address.
    /// @param modelId The model it serves.
    /// @param operator The registering operator.
    /// @param measurement The attested measurement.
    /// @param stake Wei staked.
    event ExecutorRegistered(
        address indexed enclaveKey,
        bytes32 indexed modelId,
        address indexed operator,
        bytes32 measurement,
        uint256 stake
    );

    /// @notice Stake was added to a registration.
    /// @param enclaveKey The enclave key.
    /// @param amount Wei added.
    /// @param stake The registration's stake afterwards.
    event StakeAdded(address indexed enclaveKey, uint256 amount, uint256 stake);

    /// @notice The owner changed the dispute game.
    event DisputeGameSet(address indexed previous, address indexed current);

    /// @notice The dispute game slashed a key's stake (all of it) after the executor lost a dispute.
    /// @param enclaveKey The key.
    /// @param amount Wei taken (sent to the dispute game, which splits it into reward and burn).
    event ExecutorSlashed(address indexed enclaveKey, uint256 amount);

    /// @param initialOwner Manages the measurement allow-list.
    /// @param models_ The model registry; non-zero.
    /// @param verifier_ The attestation verifier; non-zero.
    /// @param minStake_ Minimum stake in wei per registration.
    constructor(address initialOwner, ModelRegistry models_, IAttestationVerifier verifier_, uint256 minStake_)
        Ownable(initialOwner)
    {
        if (address(models_) == address(0) || address(verifier_) == address(0)) revert ZeroAddress();
        models = models_;
        verifier = verifier_;
        minStake = minStake_;
    }

    /// @notice Allows or disallows an executor image measurement for new registrations. Only the owner.
    ///         Existing registrations are not affected.
    /// @param measurement The measurement.
    /// @param allowed Whether it is allowed.
    function setMeasurementAllowed(bytes32 measurement, bool allowed) external onlyOwner {
        allowedMeasurement[measurement] = allowed;
        emit MeasurementAllowed(measurement, allowed);
    }

    /// @notice Sets the account allowed to slash stake. Only the owner.
    /// @param disputeGame_ The new dispute game; non-zero.
    function setDisputeGame(address disputeGame_) external onlyOwner {
        if (disputeGame_ == address(0)) revert ZeroAddress();
        emit DisputeGameSet(disputeGame, disputeGame_);
        disputeGame = disputeGame_;
    }

    /// @notice Takes the whole stake of `enclaveKey` and sends it to the dispute game (the only caller). The
    ///         registration stays (its receipts are judged one by one), with zero stake. Slashing a key whose stake
    ///         is already zero takes nothing and succeeds.
    /// @param enclaveKey A registered enclave key.
    /// @return amount Wei slashed.
    function slash(address enclaveKey) external returns (uint256 amount) {
        if (msg.sender != disputeGame) revert Unauthorized(msg.sender);
        Registration storage r = _registrations[enclaveKey];
        if (r.registeredAt == 0) revert UnknownEnclaveKey(enclaveKey);
        amount = r.stake;
        r.stake = 0;
        totalStaked -= amount;
        emit ExecutorSlashed(enclaveKey, amount);
        if (amount > 0) {
            (bool ok,) = payable(msg.sender).call{value: amount}("");
            if (!ok) revert TransferFailed(msg.sender, amount);
        }
    }

    /// @notice Registers `enclaveKey` for `modelId`; the caller becomes its operator and `msg.value` its stake.
    /// @param enclaveKey Ethereum address of the enclave's key; non-zero, not yet registered.
    /// @param modelId A registered model.
    /// @param measurement An allowed executor image measurement.
    /// @param evidence Attestation evidence the verifier accepts for (enclaveKey, measurement, weights root).
    function register(address enclaveKey, bytes32 modelId, bytes32 measurement, bytes calldata evidence)
        external
        payable
    {
        if (enclaveKey == address(0)) revert ZeroAddress();
        if (_registrations[enclaveKey].registeredAt != 0) revert EnclaveKeyAlreadyRegistered(enclaveKey);
        if (msg.value < minStake) revert InsufficientStake(msg.value, minStake);
        if (!models.isRegistered(modelId)) revert UnknownModel(modelId);
        if (!allowedMeasurement[measurement]) revert MeasurementNotAllowed(measurement);
        bytes32 weightsRoot = models.weightsRootOf(modelId);
        if (!verifier.verify(evidence, enclaveKey, measurement, weightsRoot)) revert InvalidAttestation();

        _registrations[enclaveKey] = Registration({
            operator: msg.sender,
            registeredAt: uint64(block.timestamp),
            modelId: modelId,
            measurement: measurement,
            stake: msg.value
        });
        totalStaked += msg.value;
        emit ExecutorRegistered(enclaveKey, modelId, msg.sender, measurement, msg.value);
    }

    /// @notice Adds `msg.value` to the stake behind `enclaveKey`. Only its operator.
    /// @param enclaveKey A registered enclave key.
    function addStake(address enclaveKey) external payable {
        Registration storage r = _registrations[enclaveKey];
        if (r.registeredAt == 0) revert UnknownEnclaveKey(enclaveKey);
        if (msg.sender != r.operator) revert Unauthorized(msg.sender);
        if (msg.value == 0) revert ZeroStake();
        r.stake += msg.value;
        totalStaked += msg.value;
        emit StakeAdded(enclaveKey, msg.value, r.stake);
    }

    /// @notice True when `enclaveKey` is registered and serves `modelId`.
    /// @param enclaveKey The enclave key's address.
    /// @param modelId The model id.
    function isRegistered(address enclaveKey, bytes32 modelId) external view returns (bool) {
        Registration storage r = _registrations[enclaveKey];
        return r.registeredAt != 0 && r.modelId == modelId;
    }

    /// @notice The registration of `enclaveKey`; all fields zero when it has none.
    /// @param enclaveKey The enclave key's address.
    function registrationOf(address enclaveKey) external view returns (Registration memory) {
        return _registrations[enclaveKey];
    }
}
