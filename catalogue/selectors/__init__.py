"""Read paths that need care (tree, hierarchy, breadcrumbs, path lookup, search): fixed query counts."""
