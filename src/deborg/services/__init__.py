"""The use cases and read models, one package or module per area: each opens the unit of work,
applies the domain's rules and commits once. They import the domain and the ports only;
:mod:`deborg.services.areas` lists what the areas contribute to each other."""
