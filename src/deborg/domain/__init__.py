"""The pure domain: the model and the rules (password policy, booking, privacy, audience,
notification routing, import planning).

Imports only the standard library, attrs and itself. The use cases that put the rules to work
are in :mod:`deborg.services`; time, storage, mail, hashing and randomness reach them through
the ports in :mod:`deborg.ports`.
"""
