"""The pure domain: model, rules and use cases.

Imports only the standard library, attrs and itself. Time, storage, mail, hashing and
randomness arrive through the ports in :mod:`deborg.ports`.
"""
