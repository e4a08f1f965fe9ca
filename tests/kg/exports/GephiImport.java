import java.io.File;
import org.gephi.graph.api.Column;
import org.gephi.graph.api.DirectedGraph;
import org.gephi.graph.api.Edge;
import org.gephi.graph.api.GraphController;
import org.gephi.graph.api.GraphModel;
import org.gephi.io.importer.api.Container;
import org.gephi.io.importer.api.ImportController;
import org.gephi.io.processor.plugin.DefaultProcessor;
import org.gephi.project.api.ProjectController;
import org.gephi.project.api.Workspace;
import org.openide.util.Lookup;

/** Imports a GraphML or GEXF file as Gephi's File > Open does, with its defaults; prints what Gephi keeps. */
public class GephiImport {
    public static void main(String[] args) throws Exception {
        ProjectController projects = Lookup.getDefault().lookup(ProjectController.class);
        projects.newProject();
        Workspace workspace = projects.getCurrentWorkspace();
        ImportController importer = Lookup.getDefault().lookup(ImportController.class);
        Container container = importer.importFile(new File(args[0]));
        importer.process(container, new DefaultProcessor(), workspace);
        GraphModel model = Lookup.getDefault().lookup(GraphController.class).getGraphModel(workspace);
        DirectedGraph graph = model.getDirectedGraph();
        // the column Gephi's Data Laboratory shows as "iri" (GraphML key ids become column ids, names their titles)
        Column iri = null;
        for (Column column : model.getEdgeTable()) {
            if (column.getTitle().equals("iri")) {
                iri = column;
            }
        }
        System.out.println("nodes\t" + graph.getNodeCount());
        System.out.println("edges\t" + graph.getEdgeCount());
        for (Edge edge : graph.getEdges()) {
            System.out.println("edge\t" + edge.getId() + "\t" + (iri == null ? "" : edge.getAttribute(iri)) + "\t" + edge.getWeight());
        }
    }
}
