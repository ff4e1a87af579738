"""用户管理: the administrators' users panel."""
