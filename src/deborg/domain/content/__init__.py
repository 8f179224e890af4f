"""School content (SPEC §7): news, messages with replies, the agenda, photo albums and
documents. Each item has an :class:`~deborg.domain.content.model.Audience`; who may see what is
decided in one place, :func:`deborg.domain.content.audience.can_see`."""
