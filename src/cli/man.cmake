# Writes the man pages with the pith program itself (pith --man [COMMAND]),
# from the tables that also make --help. Run by the build:
#   cmake -DPITH=path/to/pith -DOUT=dir -DCOMMANDS="extract;clean;..." -P man.cmake
file(MAKE_DIRECTORY ${OUT})
execute_process(COMMAND ${PITH} --man OUTPUT_FILE ${OUT}/pith.1
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pith --man failed (${rc})")
endif()
foreach(command ${COMMANDS})
  execute_process(COMMAND ${PITH} --man ${command}
                  OUTPUT_FILE ${OUT}/pith-${command}.1 RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pith --man ${command} failed (${rc})")
  endif()
endforeach()
