"""deborg: the parent portal of Kindcentrum De Borg, usable by any school."""
