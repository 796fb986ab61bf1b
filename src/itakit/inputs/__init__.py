"""The inputs wing: files of every format and shape into :class:`~itakit.inputs.data.AgencyData`, refusing what cannot be read."""
