namespace Otr.Protocol;

/// <summary>One row of a <see cref="TransitionTable{TState, TEvent}"/>: in state <paramref name="From"/>, event <paramref name="Event"/> leads to <paramref name="To"/>.</summary>
/// <typeparam name="TState">The state enum.</typeparam>
/// <typeparam name="TEvent">The event enum.</typeparam>
/// <param name="From">State before the event.</param>
/// <param name="Event">The event.</param>
/// <param name="To">State after the event (equal to <paramref name="From"/> for a legal no-op).</param>
public readonly record struct Transition<TState, TEvent>(TState From, TEvent Event, TState To)
    where TState : struct, Enum
    where TEvent : struct, Enum;
